using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Allyship.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>
/// The recurring job that sends due outbox rows, exactly once, over several SMTP connections at once.
/// <list type="bullet">
/// <item>Rows are claimed a batch at a time with one conditional UPDATE that stamps the batch's token; a row's claim is
/// renewed just before its send (so it expires <see cref="ClaimFor"/> after <em>that</em>, however long the batch takes),
/// and is only sent and marked while the row is still claimed under the token.</item>
/// <item>A failed send is retried with back-off (1, 2, 4 … minutes, at most Email:MaxBackoff) until Email:GiveUpAfter has
/// passed since the first failure; then the row is Failed, logged, listed on /admin/emails and retryable there and with
/// the <c>retry-failed-emails</c> command. While SMTP is down rows stay Pending: nothing is lost.</item>
/// <item>The connections work in parallel, but hand messages over one at a time: from the SMTP dialogue of a message to
/// its committed Sent mark, no other message of this instance is in between, so a crash resends at most one email.</item>
/// <item>After a successful send the Sent mark is retried; if the database still refuses, the process remembers the row
/// as sent and records it on its next run rather than send it again.</item>
/// </list>
/// </summary>
public sealed class OutboxDispatcher(
    AllyshipDbContext db,
    IServiceScopeFactory scopes,
    IEmailTransport transport,
    SentNotRecorded sentNotRecorded,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    JobLeases leases,
    Telemetry.AllyshipMetrics metrics,
    ILogger<OutboxDispatcher> log)
{
    /// <summary>How long a claimed row is left alone by other dispatchers, from its last renewal: longer than any SMTP timeout.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>A run stops claiming new batches after this long: the job runs every minute and must not overlap itself.</summary>
    private static readonly TimeSpan RunBudget = TimeSpan.FromSeconds(50);

    /// <summary>The recurring job: one run at a time across instances (<see cref="JobLeases"/>); when another run holds the lease, nothing.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task<DispatchReport> RunAsync(CancellationToken ct = default) =>
        leases.RunAsync(JobsSetup.Ids.EmailOutbox, DispatchAsync, DispatchReport.None, ct);

    /// <summary>Sends what is due, without the job's lease: safe beside another dispatcher (the claims), as tests run two at once.</summary>
    public async Task<DispatchReport> DispatchAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        await RecordEarlierSendsAsync();
        var report = new Counter();
        var started = Stopwatch.StartNew();
        while (started.Elapsed < RunBudget)
        {
            var (token, rows) = await ClaimBatchAsync(settings.BatchSize, ct);
            if (rows.Count == 0)
            {
                break;
            }

            await SendAllAsync(token, rows, settings, report, ct);
        }

        return new DispatchReport(report.Sent, report.Retried, report.Failed);
    }

    /// <summary>1, 2, 4, 8 … minutes, capped at <paramref name="max"/>: quick recovery from a blip, no hammering of a long outage.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan max)
    {
        var exponential = TimeSpan.FromMinutes(Math.Pow(2, Math.Clamp(attempts - 1, 0, 30)));
        return exponential < max ? exponential : max;
    }

    private async Task<(Guid Token, List<EmailMessage> Rows)> ClaimBatchAsync(int size, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notRecorded = sentNotRecorded.Rows.Keys.ToList();
        var due = await db.Emails.AsNoTracking()
            .Where(e => e.Status == EmailStatus.Pending && e.NextAttemptUtc <= now && (e.LockedUntilUtc == null || e.LockedUntilUtc < now))
            .Where(e => !notRecorded.Contains(e.Id))
            .OrderBy(e => e.NextAttemptUtc).ThenBy(e => e.Id)
            .Select(e => e.Id)
            .Take(size)
            .ToListAsync(ct);
        var token = Guid.NewGuid();
        if (due.Count == 0)
        {
            return (token, []);
        }

        // One conditional UPDATE: a row another dispatcher claimed a moment ago no longer matches and stays theirs.
        await db.Emails
            .Where(e => due.Contains(e.Id) && e.Status == EmailStatus.Pending && (e.LockedUntilUtc == null || e.LockedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntilUtc, now + ClaimFor).SetProperty(e => e.ClaimToken, token), ct);
        var rows = await db.Emails.AsNoTracking().Where(e => e.ClaimToken == token).OrderBy(e => e.NextAttemptUtc).ThenBy(e => e.Id).ToListAsync(ct);
        return (token, rows);
    }

    /// <summary>Email:Concurrency workers, each with its own SMTP session and its own DbContext, take the batch's rows in turn.</summary>
    private async Task SendAllAsync(Guid token, List<EmailMessage> rows, EmailOptions settings, Counter report, CancellationToken ct)
    {
        var queue = Channel.CreateBounded<EmailMessage>(rows.Count);
        foreach (var row in rows)
        {
            queue.Writer.TryWrite(row);
        }

        queue.Writer.Complete();
        var workers = Enumerable.Range(0, Math.Min(settings.Concurrency, rows.Count)).Select(async _ =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var workerDb = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
            await using var session = transport.OpenSession();
            await foreach (var row in queue.Reader.ReadAllAsync(ct))
            {
                await SendOneAsync(workerDb, session, token, row, settings, report, ct);
            }
        });
        await Task.WhenAll(workers);
    }

    private async Task SendOneAsync(AllyshipDbContext workerDb, IEmailSession session, Guid token, EmailMessage row, EmailOptions settings, Counter report, CancellationToken ct)
    {
        // Renew the claim from now; if it lapsed and another dispatcher took the row, it is theirs to send.
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = await workerDb.Emails
            .Where(e => e.Id == row.Id && e.ClaimToken == token && e.Status == EmailStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntilUtc, now + ClaimFor), ct);
        if (mine == 0)
        {
            return;
        }

        var message = Compose(row, settings);
        Exception? failed = null;
        try
        {
            await session.ConnectAsync(ct); // connecting, TLS and sign-in go on in parallel, outside the handover
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failed = ex;
        }

        if (failed is null)
        {
            // One message of this instance at a time is between the SMTP server taking it and its Sent mark committing:
            // a crash (kill -9, power) then resends at most that one, whatever Email:Concurrency is (issue 34: four
            // connections resent four).
            await sentNotRecorded.Handover.WaitAsync(ct);
            try
            {
                try
                {
                    await session.SendAsync(message, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed = ex;
                }

                if (failed is null)
                {
                    metrics.EmailSent(row.Kind);
                    await RecordSentAsync(workerDb, row.Id, token, report);
                    return;
                }
            }
            finally
            {
                sentNotRecorded.Handover.Release();
            }
        }

        await RecordFailureAsync(workerDb, token, row, failed, settings, report);
    }

    private async Task RecordFailureAsync(AllyshipDbContext workerDb, Guid token, EmailMessage row, Exception ex, EmailOptions settings, Counter report)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = row.Attempts + 1;
        var firstFailed = row.FirstFailedUtc ?? now;
        var error = Truncate($"{ex.GetType().Name}: {ex.Message}", 2000);
        var giveUp = now - firstFailed >= settings.GiveUpAfter;
        var next = now + Backoff(attempts, settings.MaxBackoff);
        await workerDb.Emails
            .Where(e => e.Id == row.Id && e.ClaimToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Attempts, attempts)
                .SetProperty(e => e.LastError, error)
                .SetProperty(e => e.FirstFailedUtc, firstFailed)
                .SetProperty(e => e.Status, giveUp ? EmailStatus.Failed : EmailStatus.Pending)
                .SetProperty(e => e.NextAttemptUtc, next)
                .SetProperty(e => e.LockedUntilUtc, (DateTime?)null)
                .SetProperty(e => e.ClaimToken, (Guid?)null)
                .SetProperty(e => e.UpdatedUtc, now), CancellationToken.None);
        metrics.EmailFailed(row.Kind, final: giveUp);
        if (giveUp)
        {
            Interlocked.Increment(ref report.Failed);
            // By its id (/admin/emails shows the address): a server's refusal often quotes the address, so the
            // exception, with its text, goes at Debug with the address.
            log.LogError("Email {EmailId} ({Kind}) failed for good after {Attempts} attempts since {FirstFailed:u} ({Error}); retry it on /admin/emails",
                row.Id, row.Kind, attempts, firstFailed, LogText.WithoutEmailAddresses(error));
        }
        else
        {
            Interlocked.Increment(ref report.Retried);
            log.LogWarning("Email {EmailId}: attempt {Attempts} failed ({Error}); next try at {Next:u}", row.Id, attempts, LogText.WithoutEmailAddresses(error), next);
        }

        log.LogDebug(ex, "Email {EmailId} to {To}: attempt {Attempts} failed", row.Id, row.ToAddress, attempts);
    }

    /// <summary>The send happened: mark it, retrying a few times; if the database keeps refusing, remember it here.</summary>
    private async Task RecordSentAsync(AllyshipDbContext workerDb, long id, Guid token, Counter report)
    {
        Interlocked.Increment(ref report.Sent);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MarkSentAsync(workerDb, id, token, clock.GetUtcNow().UtcDateTime);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 4)
            {
                log.LogWarning(ex, "Email {EmailId} was sent but could not be marked (attempt {Attempt}); trying again", id, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                sentNotRecorded.Rows[id] = clock.GetUtcNow().UtcDateTime;
                log.LogError(ex, "Email {EmailId} was sent but could not be marked Sent; it will not be sent again by this server and is marked on its next run", id);
                return;
            }
        }
    }

    private async Task RecordEarlierSendsAsync()
    {
        foreach (var (id, sentUtc) in sentNotRecorded.Rows.ToArray())
        {
            await MarkSentAsync(db, id, token: null, sentUtc);
            sentNotRecorded.Rows.TryRemove(id, out _);
        }
    }

    private static async Task<int> MarkSentAsync(AllyshipDbContext context, long id, Guid? token, DateTime sentUtc)
    {
        var marked = await context.Emails
            .Where(e => e.Id == id && e.Status == EmailStatus.Pending && (token == null || e.ClaimToken == token))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Sent)
                .SetProperty(e => e.SentUtc, sentUtc)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                .SetProperty(e => e.LastError, (string?)null)
                .SetProperty(e => e.LockedUntilUtc, (DateTime?)null)
                .SetProperty(e => e.ClaimToken, (Guid?)null)
                .SetProperty(e => e.UpdatedUtc, sentUtc));
        if (marked > 0)
        {
            await ClearBodiesAsync(context.Emails.Where(e => e.Id == id && e.Status == EmailStatus.Sent).Where(EmailMessage.CarriesOneTimeLink));
        }

        return marked;
    }

    /// <summary>Empties the bodies of these (sent) emails; the rows stay.</summary>
    public static Task<int> ClearBodiesAsync(IQueryable<EmailMessage> sent) =>
        sent.Where(e => e.TextBody != EmailMessage.ClearedBody).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.HtmlBody, EmailMessage.ClearedBody)
            .SetProperty(e => e.TextBody, EmailMessage.ClearedBody));

    /// <summary>An email kind in words for a header or a file name: <c>WeeklySummary</c> is <c>weekly-summary</c>.</summary>
    public static string KindWords(EmailKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

    public static MimeMessage Compose(EmailMessage row, EmailOptions settings)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(new MailboxAddress(row.ToName ?? "", row.ToAddress));
        message.Subject = row.Subject;
        message.Date = new DateTimeOffset(row.CreatedUtc, TimeSpan.Zero);
        // A stable id per outbox row: if a crash makes us send a row again, receivers can tell it is the same message.
        message.MessageId = $"allyship-{row.Id}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(row.DeduplicationKey)))[..12].ToLowerInvariant()}@{message.From.Mailboxes.First().Domain}";
        message.Headers.Add(PickupFolderTransport.KindHeader, KindWords(row.Kind));
        if (row.UnsubscribeUrl is { } url)
        {
            message.Headers.Add("List-Unsubscribe", $"<{url}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Body = row.Calendar is { } calendar
            ? WithInvitation(row, calendar)
            : new BodyBuilder { HtmlBody = row.HtmlBody, TextBody = row.TextBody }.ToMessageBody();
        return message;
    }

    /// <summary>
    /// An invitation the way calendar programs look for it: text/calendar with its METHOD beside the text and HTML parts
    /// (Outlook and Apple Mail offer Accept there), and the same file as invite.ics for those that only read attachments.
    /// </summary>
    private static Multipart WithInvitation(EmailMessage row, string calendar)
    {
        var method = CalendarInvite.MethodOf(calendar);
        var inline = new TextPart("calendar") { Text = calendar, ContentTransferEncoding = ContentEncoding.Base64 };
        inline.ContentType.Charset = "utf-8";
        inline.ContentType.Parameters.Add("method", method);
        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = row.TextBody },
            new TextPart("html") { Text = row.HtmlBody },
            inline,
        };
        var file = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        return new Multipart("mixed") { alternative, file };
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private sealed class Counter
    {
        public int Sent;
        public int Retried;
        public int Failed;
    }
}

public sealed record DispatchReport(int Sent, int Retried, int Failed)
{
    public static readonly DispatchReport None = new(0, 0, 0);
}

/// <summary>
/// This instance's sends whose Sent mark is not committed yet (a singleton): <see cref="Rows"/> it sent but could not mark
/// (never sent again from here, marked on the next run), and the <see cref="Handover"/> that lets one message at a time
/// be handed to the SMTP server and marked.
/// </summary>
public sealed class SentNotRecorded
{
    public ConcurrentDictionary<long, DateTime> Rows { get; } = new();

    /// <summary>Held from a message's hand-over to the SMTP server until its Sent mark commits (or its send failed).</summary>
    public SemaphoreSlim Handover { get; } = new(1, 1);
}
