using System.ComponentModel.DataAnnotations;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.People;

/// <summary>Settings under "Privacy".</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Private notes older than this many months are cleared (the action itself stays).</summary>
    [Range(1, 600, ErrorMessage = "Privacy:NoteRetentionMonths must be between 1 and 600.")]
    public int NoteRetentionMonths { get; set; } = 24;
}

/// <summary>
/// Nightly: clears private notes past `Privacy:NoteRetentionMonths` and the bodies of emails sent more than
/// `Email:KeepSentBodiesDays` ago (and deletes the chat apps' ended calls and old connect codes after as long). Safe to run twice or on two servers: each is an idempotent UPDATE.
/// </summary>
public sealed class RetentionJob(AllyshipDbContext db, AllyshipMetrics metrics, TimeProvider clock, IOptions<PrivacyOptions> privacy, IOptions<EmailOptions> email, ILogger<RetentionJob> log)
{
    public Task<(int Notes, int Bodies)> RunAsync(CancellationToken ct = default) => metrics.RunJobAsync(JobsSetup.Ids.Retention, () => ClearAsync(ct));

    private async Task<(int Notes, int Bodies)> ClearAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notesBefore = DateOnly.FromDateTime(now.AddMonths(-privacy.Value.NoteRetentionMonths));
        var notes = await db.Actions.Where(a => a.PrivateNotes != null && a.OccurredOn < notesBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PrivateNotes, (string?)null), ct);
        var bodiesBefore = now.AddDays(-email.Value.KeepSentBodiesDays);
        var bodies = await OutboxDispatcher.ClearBodiesAsync(db.Emails.Where(e => (e.Status == EmailStatus.Sent && e.SentUtc < bodiesBefore)
            || ((e.Status == EmailStatus.InChat || e.Status == EmailStatus.AsNotification) && e.CreatedUtc < bodiesBefore)));
        // The chat apps' calls that have ended (their bodies hold names, and a colleague's question her link's token), and
        // connect codes: gone after the same days as sent email bodies.
        await db.ChatCalls.Where(c => c.Status != ChatCallStatus.Pending && c.Status != ChatCallStatus.Calling && c.UpdatedUtc < bodiesBefore).ExecuteDeleteAsync(ct);
        await db.ChatLinkCodes.Where(c => c.CreatedUtc < bodiesBefore).ExecuteDeleteAsync(ct);
        // Notifications that have ended (their text names what is left of her week): gone after the same days.
        await db.PushDeliveries.Where(d => d.Status != PushStatus.Pending && d.Status != PushStatus.Sending && d.UpdatedUtc < bodiesBefore).ExecuteDeleteAsync(ct);
        if (notes + bodies > 0)
        {
            log.LogInformation("Retention: cleared {Notes} private notes older than {Months} months and {Bodies} sent email bodies older than {Days} days",
                notes, privacy.Value.NoteRetentionMonths, bodies, email.Value.KeepSentBodiesDays);
        }

        return (notes, bodies);
    }
}
