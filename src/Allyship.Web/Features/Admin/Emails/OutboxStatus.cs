using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Emails;

/// <summary>
/// The outbox as admins see it: how many messages wait, are sent and have failed, the failed ones with their last
/// error, and a retry that puts them back in the queue for a fresh round of attempts (the same as `retry-failed-emails`).
/// </summary>
public static class OutboxStatus
{
    public const int FailedShown = 100;

    public sealed record Counts(int Pending, int Retrying, int SentLastDay, int Failed);

    public sealed record FailedRow(long Id, string To, string Subject, EmailKind Kind, int Attempts, DateTime? FirstFailedUtc, string? LastError);

    public const int RecentShown = 50;

    /// <summary>One of the latest emails: what went to whom, and how its sending went.</summary>
    public sealed record RecentRow(long Id, DateTime QueuedUtc, string To, string Subject, EmailKind Kind, EmailStatus Status, int Attempts, string? LastError);

    /// <summary>A shout-out on its way to a chat channel (or stuck there).</summary>
    public sealed record ChatRow(long Id, string Program, string Text, ChatPostStatus Status, int Attempts, string? LastError, DateTime? SentUtc, DateTime UpdatedUtc);

    public const int ChatShown = 20;

    /// <param name="UncertainChat">Shout-outs that may or may not be in their channel: each needs an admin to decide.</param>
    public sealed record View(Counts Counts, IReadOnlyList<FailedRow> Failed, IReadOnlyList<RecentRow>? Recent = null, IReadOnlyList<ChatRow>? Chat = null, int UncertainChat = 0)
    {
        /// <summary>The Slack app's calls of the last week that did not go (refused, or no answer), newest first: what and why, never whom.</summary>
        public IReadOnlyList<SlackProblem> Slack { get; init; } = [];
    }

    public sealed record SlackProblem(string What, ChatCallStatus Status, string? Why, DateTime WhenUtc)
    {
        /// <summary>Slack's method in the admin's words.</summary>
        public static string Describe(string method) => method switch
        {
            "chat.postMessage" => "A direct message (reminder or question)",
            "chat.update" => "Updating a message after an answer",
            "views.open" or "views.update" => "Opening the log form",
            "users.info" => "Checking whose Slack account it is",
            _ => "A call to Slack",
        };
    }

    public const int SlackShown = 20;

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, TimeProvider clock)
    {
        public async Task<View> LoadAsync(CancellationToken ct)
        {
            var dayAgo = clock.GetUtcNow().UtcDateTime.AddDays(-1);
            var counts = new Counts(
                await db.Emails.CountAsync(e => e.Status == EmailStatus.Pending, ct),
                await db.Emails.CountAsync(e => e.Status == EmailStatus.Pending && e.Attempts > 0, ct),
                await db.Emails.CountAsync(e => e.Status == EmailStatus.Sent && e.SentUtc >= dayAgo, ct),
                await db.Emails.CountAsync(e => e.Status == EmailStatus.Failed, ct));
            var failed = await db.Emails.AsNoTracking().Where(e => e.Status == EmailStatus.Failed)
                .OrderByDescending(e => e.UpdatedUtc).Take(FailedShown)
                .Select(e => new FailedRow(e.Id, e.ToAddress, e.Subject, e.Kind, e.Attempts, e.FirstFailedUtc, e.LastError))
                .ToListAsync(ct);
            var recent = await db.Emails.AsNoTracking().OrderByDescending(e => e.Id).Take(RecentShown)
                .Select(e => new RecentRow(e.Id, e.CreatedUtc, e.ToAddress, e.Subject, e.Kind, e.Status, e.Attempts, e.LastError))
                .ToListAsync(ct);
            // What needs an admin first (uncertain, then failed posts), then those on their way, then the latest sent.
            var chat = await db.ChatPosts.AsNoTracking()
                .OrderBy(p => p.Status == ChatPostStatus.Uncertain ? 0 : p.Status == ChatPostStatus.Failed ? 1 : p.Status == ChatPostStatus.Sent ? 3 : 2)
                .ThenByDescending(p => p.Id).Take(ChatShown)
                .Join(db.Programs, p => p.ProgramId, g => g.Id, (p, g) => new ChatRow(p.Id, g.Name, p.Text, p.Status, p.Attempts, p.LastError, p.SentUtc, p.UpdatedUtc))
                .ToListAsync(ct);
            var uncertain = await db.ChatPosts.CountAsync(p => p.Status == ChatPostStatus.Uncertain, ct);
            var weekAgo = dayAgo.AddDays(-6);
            var slack = (await db.ChatCalls.AsNoTracking()
                    .Where(c => (c.Status == ChatCallStatus.Failed || c.Status == ChatCallStatus.Uncertain) && c.UpdatedUtc >= weekAgo)
                    .OrderByDescending(c => c.Id).Take(SlackShown).Select(c => new { c.Method, c.Status, c.LastError, c.UpdatedUtc }).ToListAsync(ct))
                .Select(c => new SlackProblem(SlackProblem.Describe(c.Method), c.Status, c.LastError, c.UpdatedUtc)).ToList();
            return new View(counts, failed, recent, chat, uncertain) { Slack = slack };
        }

        /// <summary>Puts a failed chat post back in the queue, due now; false when it is no longer failed.</summary>
        public async Task<bool> RetryChatAsync(ClaimsPrincipal actor, long id, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return await db.InTransactionAsync(async () =>
            {
                var post = await db.ChatPosts.SingleOrDefaultAsync(p => p.Id == id && p.Status == ChatPostStatus.Failed, ct);
                if (post is null)
                {
                    return false;
                }

                (post.Status, post.Attempts, post.NextAttemptUtc, post.UpdatedUtc) = (ChatPostStatus.Pending, 0, now, now);
                audit.Record(actor, "chat.retry", $"chat post {id}"); // the post and its audit entry in one commit
                return true;
            }, ct);
        }

        /// <summary>
        /// An uncertain post that an admin found missing from the channel: queued again, due now, for a fresh round of
        /// attempts; false when it is no longer uncertain (another admin decided first).
        /// </summary>
        public Task<bool> PostAgainAsync(ClaimsPrincipal actor, long id, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return DecideUncertainAsync(actor, id, "chat.post-again", s => s
                .SetProperty(p => p.Status, ChatPostStatus.Pending)
                .SetProperty(p => p.Attempts, 0)
                .SetProperty(p => p.NextAttemptUtc, now)
                .SetProperty(p => p.LastError, (string?)null)
                .SetProperty(p => p.UpdatedUtc, now), ct);
        }

        /// <summary>An uncertain post that an admin found in the channel: Sent from now on; false when it is no longer uncertain.</summary>
        public Task<bool> MarkPostedAsync(ClaimsPrincipal actor, long id, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return DecideUncertainAsync(actor, id, "chat.mark-posted", s => s
                .SetProperty(p => p.Status, ChatPostStatus.Sent)
                .SetProperty(p => p.SentUtc, now)
                .SetProperty(p => p.LastError, (string?)null)
                .SetProperty(p => p.UpdatedUtc, now), ct);
        }

        /// <summary>One admin's decision on an uncertain post, taken only while it is still uncertain (two admins at once: the first decides).</summary>
        private async Task<bool> DecideUncertainAsync(ClaimsPrincipal actor, long id, string action,
            Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ChatPost>> decide, CancellationToken ct) =>
            await db.InTransactionAsync(async () =>
            {
                var decided = await db.ChatPosts.Where(p => p.Id == id && p.Status == ChatPostStatus.Uncertain).ExecuteUpdateAsync(decide, ct);
                if (decided == 0)
                {
                    return false;
                }

                audit.Record(actor, action, $"chat post {id}"); // the decision and its audit entry in one commit
                return true;
            }, ct);

        /// <summary>Puts one failed message (or, with no id, every one) back in the queue, due now; returns how many.</summary>
        public async Task<int> RetryAsync(ClaimsPrincipal actor, long? id, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var failed = db.Emails.Where(e => e.Status == EmailStatus.Failed);
            if (id is { } one)
            {
                failed = failed.Where(e => e.Id == one);
            }

            // The messages and the audit entry in one command (InTransactionAsync: on SQLite through the writers' queue).
            return await db.InTransactionAsync(async () =>
            {
                var count = await failed.ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.Status, EmailStatus.Pending)
                    .SetProperty(e => e.NextAttemptUtc, now)
                    .SetProperty(e => e.Attempts, 0)
                    .SetProperty(e => e.FirstFailedUtc, (DateTime?)null)
                    .SetProperty(e => e.UpdatedUtc, now), ct);
                if (count > 0)
                {
                    audit.Record(actor, "email.retry", id is null ? "all failed emails" : $"email {id}", $"{count} queued again");
                }

                return count;
            }, ct);
        }
    }
}
