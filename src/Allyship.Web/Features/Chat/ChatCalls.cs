using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// The chat-app outbox: every call to Slack's Web API is a <see cref="ChatCall"/> row, made by this dispatcher. A call is
/// claimed and marked Calling in a commit of its own before its request leaves (a second server leaves it alone). Then
/// Slack's answer decides: ok, Done; rate limited, it waits as long as Retry-After says; Slack's own trouble or no
/// connection, it waits 1, 2, 4… minutes, up to <see cref="ChatCall.MaxAttempts"/> times; refused for good (a revoked
/// token, no such channel), Failed; no answer, Uncertain (never made twice). A call that finds its person by email
/// first asks users.lookupByEmail, and is Skipped when the workspace has nobody under that address.
/// </summary>
public sealed class ChatCalls(AllyshipDbContext db, SlackClient slack, ChatAppStore store, TimeProvider clock, JobLeases leases, ILogger<ChatCalls> log)
{
    public static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    /// <summary>Adds a call to the outbox, to commit with the caller's transaction; its key makes a second one a no-op (checked by the caller's unique key).</summary>
    public static ChatCall Queue(AllyshipDbContext db, string teamId, string method, JsonObject body, string key, DateTime nowUtc, string? lookupEmail = null,
        DateTime? expiresUtc = null, string? insteadOfEmailKey = null)
    {
        var call = new ChatCall
        {
            TeamId = teamId, Method = method, Body = body.ToJsonString(), Key = key.Length > ChatCall.KeyMaxLength ? key[..ChatCall.KeyMaxLength] : key,
            LookupEmail = lookupEmail, NextAttemptUtc = nowUtc, ExpiresUtc = expiresUtc, CreatedUtc = nowUtc, UpdatedUtc = nowUtc, InsteadOfEmailKey = insteadOfEmailKey,
        };
        db.ChatCalls.Add(call);
        return call;
    }

    /// <summary>The recurring job: one run at a time across instances; when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(CancellationToken ct = default) => leases.RunAsync(JobsSetup.Ids.ChatCalls, CallDueAsync, 0, ct);

    /// <summary>Makes what is due, without the job's lease (the claims keep two runs apart).</summary>
    public async Task<int> CallDueAsync(CancellationToken ct = default)
    {
        var now = Now();
        foreach (var lapsed in await db.ChatCalls.AsNoTracking().Where(c => c.Status == ChatCallStatus.Calling && c.LockedUntilUtc < now).Select(c => c.Id).ToListAsync(ct))
        {
            await EndAsync(lapsed, ChatCallStatus.Calling, null, ChatCallStatus.Uncertain, "The app stopped while making this call: it may or may not have reached Slack.", null);
        }

        var due = await db.ChatCalls.AsNoTracking().Where(c => c.Status == ChatCallStatus.Pending && c.NextAttemptUtc <= now)
            .OrderBy(c => c.Id).Select(c => c.Id).Take(50).ToListAsync(ct);
        var done = 0;
        foreach (var id in due)
        {
            var call = await CallAsync(id, ct);
            done += call is { Status: ChatCallStatus.Done } ? 1 : 0;
            if (call is { Status: ChatCallStatus.Pending })
            {
                break; // Slack is limiting or unwell: the rest wait for the next run rather than spend their attempts now
            }
        }

        return done;
    }

    /// <summary>
    /// Makes one call now, for what a person waits on (a modal opened from a click must open within Slack's 3 seconds):
    /// the same outbox row and rules, made at once instead of by the next run. Returns the row as it ended, and Slack's answer.
    /// </summary>
    public async Task<(ChatCall? Call, JsonObject? Answer)> CallNowAsync(long id, CancellationToken ct, TimeSpan? timeout = null)
    {
        JsonObject? answer = null;
        var call = await CallAsync(id, ct, a => answer = a, timeout);
        return (call, answer);
    }

    /// <summary>
    /// Records how a call ended, while its claim still holds (<paramref name="claimedUntil"/>; null for a lapsed claim), in
    /// one transaction with what follows from it: a message that went instead of an email and did not reach the person
    /// releases that email to be sent after all.
    /// </summary>
    private Task<int> EndAsync(long id, ChatCallStatus from, DateTime? claimedUntil, ChatCallStatus status, string? error, DateTime? next)
    {
        var now = Now();
        var doneUtc = status is ChatCallStatus.Done or ChatCallStatus.Skipped ? now : (DateTime?)null;
        error = error is { Length: > 2000 } ? error[..2000] : error;
        return db.InTransactionAsync(async () =>
        {
            var row = db.ChatCalls.Where(c => c.Id == id && c.Status == from && (claimedUntil == null || c.LockedUntilUtc == claimedUntil));
            var emailKey = await row.Select(c => c.InsteadOfEmailKey).FirstOrDefaultAsync(CancellationToken.None);
            var ended = await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status).SetProperty(c => c.LastError, error)
                .SetProperty(c => c.NextAttemptUtc, c => next ?? c.NextAttemptUtc).SetProperty(c => c.DoneUtc, doneUtc)
                .SetProperty(c => c.LockedUntilUtc, (DateTime?)null).SetProperty(c => c.UpdatedUtc, now), CancellationToken.None);
            if (ended > 0 && emailKey is not null && status is ChatCallStatus.Failed or ChatCallStatus.Skipped or ChatCallStatus.Uncertain)
            {
                await Infrastructure.Email.Outbox.ReleaseAsync(db.Emails.Where(e => e.DeduplicationKey == emailKey && e.Status == EmailStatus.InChat), now);
                log.LogWarning("Slack did not take call {Id}; the email it went instead of is sent after all", id);
            }

            return ended;
        }, CancellationToken.None);
    }

    private async Task<ChatCall?> CallAsync(long id, CancellationToken ct, Action<JsonObject?>? answered = null, TimeSpan? timeout = null)
    {
        var now = Now();
        var claimedUntil = now + Claim;
        var claimed = await db.ChatCalls.Where(c => c.Id == id && c.Status == ChatCallStatus.Pending && c.NextAttemptUtc <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChatCallStatus.Calling).SetProperty(c => c.LockedUntilUtc, claimedUntil)
                .SetProperty(c => c.Attempts, c => c.Attempts + 1).SetProperty(c => c.UpdatedUtc, now), ct);
        if (claimed == 0)
        {
            return null;
        }

        var call = await db.ChatCalls.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        ChatCallStatus status;
        string? error;
        DateTime next;
        using (var wait = timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource())
        {
            (status, error, next) = await MakeAsync(call, now, answered, wait.Token);
        }

        await EndAsync(id, ChatCallStatus.Calling, claimedUntil, status, error, next);
        if (status is not (ChatCallStatus.Done or ChatCallStatus.Skipped))
        {
            log.LogWarning("Slack call {Id} ({Method}) not made, attempt {Attempts}, now {Status}: {Error}", id, call.Method, call.Attempts, status, error);
        }

        return await db.ChatCalls.AsNoTracking().SingleAsync(c => c.Id == id, CancellationToken.None);
    }

    private async Task<(ChatCallStatus Status, string? Error, DateTime Next)> MakeAsync(ChatCall call, DateTime now, Action<JsonObject?>? answered, CancellationToken ct)
    {
        if (call.ExpiresUtc is { } expires && now > expires)
        {
            return (ChatCallStatus.Failed, "Too late: what this call answered has expired in Slack.", call.NextAttemptUtc);
        }

        if (await store.SlackAsync(call.TeamId, CancellationToken.None) is not { } install)
        {
            return (ChatCallStatus.Failed, "The Slack app is no longer installed in that workspace (or its token can no longer be read): install it again on the Integrations page.", call.NextAttemptUtc);
        }

        var body = JsonNode.Parse(call.Body) as JsonObject ?? [];
        if (call.LookupEmail is { } email)
        {
            // Found by the address the directory holds, never by a name: nobody under it, nothing is sent.
            var lookup = await slack.CallAsync("users.lookupByEmail", install.Token, new JsonObject { ["email"] = email }, ct);
            if (!lookup.Ok)
            {
                return lookup.Error == "users_not_found"
                    ? (ChatCallStatus.Skipped, "Nobody in the workspace has this email address.", call.NextAttemptUtc)
                    : Outcome(call, lookup, now);
            }

            body["channel"] = lookup.Json?["user"]?["id"]?.GetValue<string>();
        }

        var answer = await slack.CallAsync(call.Method, install.Token, body, ct);
        answered?.Invoke(answer.Json);
        return answer.Ok ? (ChatCallStatus.Done, null, call.NextAttemptUtc) : Outcome(call, answer, now);
    }

    private static (ChatCallStatus, string?, DateTime) Outcome(ChatCall call, SlackAnswer answer, DateTime now)
    {
        if (answer.Unknown)
        {
            return (ChatCallStatus.Uncertain, "Slack did not answer: the call may or may not have been made.", call.NextAttemptUtc);
        }

        if (!answer.Retryable || call.Attempts >= ChatCall.MaxAttempts || call.ExpiresUtc is not null)
        {
            return (ChatCallStatus.Failed, $"Slack refused it: {answer.Error}.", call.NextAttemptUtc);
        }

        // Rate limited: exactly as long as Slack asks (at least a second); else the usual backoff.
        var wait = answer.RetryAfter is { } after ? TimeSpan.FromSeconds(Math.Max(1, after.TotalSeconds)) : ChatCall.Backoff(call.Attempts);
        return (ChatCallStatus.Pending, $"Slack answered {answer.Error}; tried again later.", now + wait);
    }

    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
