using Allyship.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// Posts due shout-outs to their program's chat webhook. A row is claimed before the post (a second server leaves it
/// alone) and marked sent right after, so each shout-out is posted once; a failure waits (1, 2, 4… minutes) and is
/// tried again, up to <see cref="ChatPost.MaxAttempts"/> times, then is Failed and listed on /admin/emails to retry.
/// </summary>
public sealed class ChatDispatcher(AllyshipDbContext db, IHttpClientFactory http, ChatWebhooks webhooks, TimeProvider clock, ILogger<ChatDispatcher> log)
{
    public const string HttpClientName = "chat";
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.ChatPosts.AsNoTracking()
            .Where(p => p.Status == ChatPostStatus.Pending && p.NextAttemptUtc <= now && (p.LockedUntilUtc == null || p.LockedUntilUtc < now))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(50).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            // Claimed by this run only if nobody claimed it since it was read.
            var claimed = await db.ChatPosts
                .Where(p => p.Id == id && p.Status == ChatPostStatus.Pending && (p.LockedUntilUtc == null || p.LockedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.LockedUntilUtc, now + Claim), ct);
            if (claimed == 0)
            {
                continue;
            }

            var post = await db.ChatPosts.SingleAsync(p => p.Id == id, ct);
            var program = await db.Programs.AsNoTracking().Where(p => p.Id == post.ProgramId)
                .Select(p => new { p.ChatWebhook, p.ChatService }).SingleAsync(ct);
            string? error;
            if (webhooks.Unprotect(program.ChatWebhook) is not { } url || program.ChatService is not { } service)
            {
                error = "The program has no readable chat webhook any more: set it again on the program's page.";
            }
            else if (webhooks.Check(url) is { } refused)
            {
                // Saved before the rules, or written around the form: checked again before anything is sent.
                error = $"The saved webhook is not a Slack or Teams webhook the app may post to: set it again on the program's page. {refused}";
            }
            else
            {
                error = await PostAsync(url, service, post.Text, post.Id, ct);
            }

            post.Attempts++;
            post.LockedUntilUtc = null;
            post.UpdatedUtc = now;
            if (error is null)
            {
                post.Status = ChatPostStatus.Sent;
                post.SentUtc = now;
                post.LastError = null;
                sent++;
            }
            else
            {
                post.LastError = error.Length > 2000 ? error[..2000] : error;
                post.Status = post.Attempts >= ChatPost.MaxAttempts ? ChatPostStatus.Failed : ChatPostStatus.Pending;
                post.NextAttemptUtc = now + ChatPost.Backoff(post.Attempts);
                log.LogWarning("Chat post {Id} failed (attempt {Attempts}): {Error}", post.Id, post.Attempts, error);
            }

            await db.SaveChangesAsync(ct);
        }

        return sent;
    }

    /// <summary>
    /// Null when the chat took the post, else a sentence for admins on /admin/emails. It never names the host, port or
    /// address (that page would otherwise tell an admin which ports answer inside the network); the log keeps the detail.
    /// </summary>
    private async Task<string?> PostAsync(string url, ChatService service, string text, long postId, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsync(new Uri(url), ChatWebhooks.Body(service, text), ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? null
                : status is >= 300 and < 400 ? $"The chat answered with a redirect ({status}), which the app does not follow: copy the webhook's URL again from your chat's settings."
                : $"The chat answered {status} {response.ReasonPhrase}.";
        }
        catch (HttpRequestException ex)
        {
            log.LogWarning(ex, "Chat post {Id} could not be delivered", postId);
            return ex.InnerException is WebhookAddressRefusedException
                ? "The webhook's address leads into a private or local network, where the app does not post: set a Slack or Teams webhook on the program's page."
                : ex.HttpRequestError switch
                {
                    HttpRequestError.NameResolutionError => "The chat could not be reached: its address was not found.",
                    HttpRequestError.ConnectionError => "The chat could not be reached: the connection failed.",
                    HttpRequestError.SecureConnectionError => "The chat could not be reached: the secure connection failed.",
                    _ => "The chat could not be reached.",
                };
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Chat post {Id} timed out", postId);
            return "The chat did not answer in time.";
        }
    }
}
