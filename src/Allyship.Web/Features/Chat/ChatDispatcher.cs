using System.Net.Sockets;
using System.Security.Authentication;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// Posts due shout-outs to their program's chat webhook, each at most once. Before its request leaves, a post is
/// claimed and marked <see cref="ChatPostStatus.Posting"/> in a commit of its own (a second server leaves it alone).
/// Then the answer decides: taken, it is Sent; refused by the chat, or never sent because no connection was made, it
/// waits (1, 2, 4… minutes) and is tried again, up to <see cref="ChatPost.MaxAttempts"/> times, then is Failed. No
/// answer (a timeout, a connection lost after sending, the app stopping, a crash that leaves the claim to lapse) means
/// it may be in the channel already: it becomes <see cref="ChatPostStatus.Uncertain"/> and is never posted again
/// automatically; /admin/emails lists it for an admin to post again or mark as posted.
/// </summary>
public sealed class ChatDispatcher(AllyshipDbContext db, IHttpClientFactory http, ChatWebhooks webhooks, TimeProvider clock, JobLeases leases,
    Infrastructure.Telemetry.AllyshipMetrics metrics, ILogger<ChatDispatcher> log)
{
    public const string HttpClientName = "chat";

    /// <summary>
    /// How long a claim on one post lasts, from when that post is claimed: well beyond a post's longest wait for an answer
    /// (<see cref="ChatOptions.MaxTimeoutSeconds"/>), so only a dispatcher that died mid-post lets it lapse.
    /// </summary>
    public static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    public const string NoAnswerInTime = "The chat did not answer in time: the shout-out may or may not be in the channel.";
    public const string CutShort = "The app stopped while posting this shout-out: it may or may not be in the channel.";
    public const string ConnectionLost = "The connection to the chat broke before it answered: the shout-out may or may not be in the channel.";

    private enum Outcome
    {
        Sent,

        /// <summary>Nothing reached the channel: the chat refused it, or nothing was sent. Tried again later.</summary>
        NotPosted,

        /// <summary>Sent, or maybe sent, with no answer: left for a person.</summary>
        Unknown,
    }

    private sealed record Result(Outcome Outcome, string? Error = null);

    /// <summary>The recurring job: one run at a time across instances (<see cref="JobLeases"/>); when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(CancellationToken ct = default) => leases.RunAsync(JobsSetup.Ids.ChatOutbox, PostDueAsync, 0, ct);

    /// <summary>Posts what is due, without the job's lease: safe beside another dispatcher (the claims), as tests run two at once.</summary>
    public async Task<int> PostDueAsync(CancellationToken ct = default)
    {
        await MarkCutShortAsync(ct);
        var now = Now();
        var due = await db.ChatPosts.AsNoTracking()
            .Where(p => p.Status == ChatPostStatus.Pending && p.NextAttemptUtc <= now && (p.LockedUntilUtc == null || p.LockedUntilUtc < now))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(50).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(id, ct) is not { } claim)
            {
                continue;
            }

            var result = await PostAsync(claim.Post, ct);
            // What the chat said about a request that went out is recorded even while the app stops.
            await RecordAsync(claim.Post, claim.Until, result);
            sent += result.Outcome == Outcome.Sent ? 1 : 0;
            ct.ThrowIfCancellationRequested();
        }

        return sent;
    }

    private DateTime Now()
    {
        // Whole milliseconds: a claim's expiry is compared for equality after a round trip through the database, and
        // PostgreSQL keeps microseconds, not .NET's ticks.
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>Posts whose claim lapsed while Posting: the dispatcher died after its request may have left. Uncertain, for a person.</summary>
    private async Task MarkCutShortAsync(CancellationToken ct)
    {
        var now = Now();
        var cut = await db.ChatPosts.Where(p => p.Status == ChatPostStatus.Posting && p.LockedUntilUtc < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, ChatPostStatus.Uncertain)
                .SetProperty(p => p.LockedUntilUtc, (DateTime?)null)
                .SetProperty(p => p.LastError, CutShort)
                .SetProperty(p => p.UpdatedUtc, now), ct);
        if (cut > 0)
        {
            log.LogWarning("{Count} chat posts were cut short by a stop or crash while posting; they are uncertain and wait for an admin on /admin/emails", cut);
        }
    }

    /// <summary>
    /// Claims one due post for this run, from now until now + <see cref="Claim"/>, and marks it Posting and counts the
    /// attempt, committed before anything is sent; null when another dispatcher claimed it since it was read.
    /// </summary>
    private async Task<(ChatPost Post, DateTime Until)?> ClaimAsync(long id, CancellationToken ct)
    {
        var now = Now();
        var until = now + Claim;
        var claimed = await db.ChatPosts
            .Where(p => p.Id == id && p.Status == ChatPostStatus.Pending && p.NextAttemptUtc <= now && (p.LockedUntilUtc == null || p.LockedUntilUtc < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, ChatPostStatus.Posting)
                .SetProperty(p => p.LockedUntilUtc, until)
                .SetProperty(p => p.Attempts, p => p.Attempts + 1)
                .SetProperty(p => p.UpdatedUtc, now), ct);
        return claimed == 0 ? null : (await db.ChatPosts.AsNoTracking().SingleAsync(p => p.Id == id, ct), until);
    }

    /// <summary>
    /// The outcome of one attempt, written only while this run's claim still holds (a claim that lapsed was made
    /// Uncertain by another run, and what an admin did with it since stands).
    /// </summary>
    private async Task RecordAsync(ChatPost post, DateTime claimedUntil, Result result)
    {
        var now = Now();
        var (status, next) = result.Outcome switch
        {
            Outcome.Sent => (ChatPostStatus.Sent, post.NextAttemptUtc),
            Outcome.Unknown => (ChatPostStatus.Uncertain, post.NextAttemptUtc),
            _ => (post.Attempts >= ChatPost.MaxAttempts ? ChatPostStatus.Failed : ChatPostStatus.Pending, now + ChatPost.Backoff(post.Attempts)),
        };
        var error = result.Error is { Length: > 2000 } whole ? whole[..2000] : result.Error;
        var sentUtc = result.Outcome == Outcome.Sent ? now : (DateTime?)null;
        metrics.ChatPost(result.Outcome switch { Outcome.Sent => "sent", Outcome.Unknown => "uncertain", _ => "failed" });
        var recorded = await db.ChatPosts.Where(p => p.Id == post.Id && p.Status == ChatPostStatus.Posting && p.LockedUntilUtc == claimedUntil)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, status)
                .SetProperty(p => p.NextAttemptUtc, next)
                .SetProperty(p => p.LastError, error)
                .SetProperty(p => p.SentUtc, sentUtc)
                .SetProperty(p => p.LockedUntilUtc, (DateTime?)null)
                .SetProperty(p => p.UpdatedUtc, now), CancellationToken.None);
        if (recorded == 0)
        {
            log.LogWarning("Chat post {Id} ended ({Outcome}) after its claim had lapsed; it was left as another run or an admin set it", post.Id, result.Outcome);
        }
        else if (result.Outcome != Outcome.Sent)
        {
            log.LogWarning("Chat post {Id} not posted (attempt {Attempts}, now {Status}): {Error}", post.Id, post.Attempts, status, error);
        }
    }

    private async Task<Result> PostAsync(ChatPost post, CancellationToken ct)
    {
        // Not cancelled: once claimed, a post stopped before its request leaves would wait for an admin for nothing.
        var program = await db.Programs.AsNoTracking().Where(p => p.Id == post.ProgramId)
            .Select(p => new { p.ChatWebhook, p.ChatService }).SingleAsync(CancellationToken.None);
        if (webhooks.Unprotect(program.ChatWebhook) is not { } url || program.ChatService is not { } service)
        {
            return new(Outcome.NotPosted, "The program has no readable chat webhook any more: set it again on the program's page.");
        }

        if (webhooks.Check(url) is { } refused)
        {
            // Saved before the rules, or written around the form: checked again before anything is sent.
            return new(Outcome.NotPosted, $"The saved webhook is not a Slack or Teams webhook the app may post to: set it again on the program's page. {refused}");
        }

        return await SendAsync(url, service, post.Text, post.Id, ct);
    }

    /// <summary>
    /// Sends the post and reads the answer. Errors are sentences for admins on /admin/emails that never name the host,
    /// port or address (that page would otherwise tell an admin which ports answer inside the network); the log keeps the detail.
    /// </summary>
    private async Task<Result> SendAsync(string url, ChatService service, string text, long postId, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = ChatWebhooks.Body(service, text) };
            // A new connection for every post: the handler re-sends a request on its own when a reused connection drops,
            // and the first copy may have arrived. A post is worth a handshake.
            request.Headers.ConnectionClose = true;
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new(Outcome.Sent)
                : new(Outcome.NotPosted, status is >= 300 and < 400
                    ? $"The chat answered with a redirect ({status}), which the app does not follow: copy the webhook's URL again from your chat's settings."
                    : $"The chat answered {status} {response.ReasonPhrase}.");
        }
        catch (Exception ex) when (NothingSent(ex) is { } reason)
        {
            log.LogWarning(ex, "Chat post {Id} could not be delivered", postId);
            return new(Outcome.NotPosted, reason);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The request may have reached the chat: a timeout, a connection lost after sending, the app stopping.
            log.LogWarning(ex, "Chat post {Id} may or may not have reached the chat", postId);
            return new(Outcome.Unknown, ex is HttpRequestException ? ConnectionLost : ct.IsCancellationRequested ? CutShort : NoAnswerInTime);
        }
    }

    /// <summary>Why nothing of the post was sent, when that is certain (no connection was made, or its TLS handshake failed); else null.</summary>
    private static string? NothingSent(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case WebhookAddressRefusedException:
                    return "The webhook's address leads into a private or local network, where the app does not post: set a Slack or Teams webhook on the program's page.";
                case WebhookNotReachedException notReached:
                    return notReached.InnerException switch
                    {
                        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => "The chat could not be reached: its address was not found.",
                        OperationCanceledException => "The chat could not be reached in time.",
                        _ => "The chat could not be reached: the connection failed.",
                    };
                case AuthenticationException:
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return "The chat could not be reached: the secure connection failed.";
            }
        }

        return null;
    }
}
