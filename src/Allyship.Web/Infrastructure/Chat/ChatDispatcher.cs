using Allyship.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Infrastructure.Chat;

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
            else
            {
                error = await PostAsync(url, service, post.Text, ct);
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

    private async Task<string?> PostAsync(string url, ChatService service, string text, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsync(new Uri(url), ChatWebhooks.Body(service, text), ct);
            return response.IsSuccessStatusCode ? null : $"The chat answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"The chat could not be reached: {ex.Message}";
        }
    }
}
