using System.Security.Cryptography;
using System.Text;
using Allyship.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>
/// The recurring job that sends due outbox rows. Each row is claimed with a conditional update before sending, so two
/// servers never send the same row; a failure schedules a retry with growing back-off; after the last attempt the row
/// is Failed and an error is logged. While SMTP is down rows stay Pending: nothing is lost.
/// </summary>
public sealed class OutboxDispatcher(
    AllyshipDbContext db,
    IEmailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> log)
{
    /// <summary>How long a claimed row is left alone by other dispatchers: longer than any SMTP timeout.</summary>
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<DispatchReport> RunAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Emails.AsNoTracking()
            .Where(e => e.Status == EmailStatus.Pending && e.NextAttemptUtc <= now && (e.LockedUntilUtc == null || e.LockedUntilUtc < now))
            .OrderBy(e => e.NextAttemptUtc).ThenBy(e => e.Id)
            .Select(e => e.Id)
            .Take(settings.BatchSize)
            .ToListAsync(ct);

        int sent = 0, retried = 0, failed = 0;
        foreach (var id in due)
        {
            var claimedUntil = now + ClaimFor;
            var claimed = await db.Emails
                .Where(e => e.Id == id && e.Status == EmailStatus.Pending && (e.LockedUntilUtc == null || e.LockedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntilUtc, claimedUntil), ct);
            if (claimed == 0)
            {
                continue; // another dispatcher has it
            }

            var row = await db.Emails.SingleAsync(e => e.Id == id, ct);
            try
            {
                await transport.SendAsync(Compose(row, settings), ct);
                row.Status = EmailStatus.Sent;
                row.SentUtc = clock.GetUtcNow().UtcDateTime;
                row.Attempts++;
                row.LastError = null;
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                row.Attempts++;
                row.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}", 2000);
                if (row.Attempts >= settings.MaxAttempts)
                {
                    row.Status = EmailStatus.Failed;
                    failed++;
                    log.LogError(ex, "Email {EmailId} ({Kind}) to {To} failed for good after {Attempts} attempts", row.Id, row.Kind, row.ToAddress, row.Attempts);
                }
                else
                {
                    row.NextAttemptUtc = clock.GetUtcNow().UtcDateTime + Backoff(row.Attempts);
                    retried++;
                    log.LogWarning("Email {EmailId} to {To}: attempt {Attempts} failed ({Error}); next try at {Next:u}", row.Id, row.ToAddress, row.Attempts, row.LastError, row.NextAttemptUtc);
                }
            }

            row.LockedUntilUtc = null;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return new DispatchReport(sent, retried, failed);
    }

    /// <summary>1, 2, 4, 8 … minutes, capped at 4 hours: quick recovery from a blip, no hammering of a long outage.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(240, Math.Pow(2, Math.Max(0, attempts - 1))));

    public static MimeMessage Compose(EmailMessage row, EmailOptions settings)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(new MailboxAddress(row.ToName ?? "", row.ToAddress));
        message.Subject = row.Subject;
        message.Date = new DateTimeOffset(row.CreatedUtc, TimeSpan.Zero);
        // A stable id per outbox row: if a crash makes us send a row again, receivers can tell it is the same message.
        message.MessageId = $"allyship-{row.Id}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(row.DeduplicationKey)))[..12].ToLowerInvariant()}@{message.From.Mailboxes.First().Domain}";
        if (row.UnsubscribeUrl is { } url)
        {
            message.Headers.Add("List-Unsubscribe", $"<{url}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Body = new BodyBuilder { HtmlBody = row.HtmlBody, TextBody = row.TextBody }.ToMessageBody();
        return message;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

public sealed record DispatchReport(int Sent, int Retried, int Failed);
