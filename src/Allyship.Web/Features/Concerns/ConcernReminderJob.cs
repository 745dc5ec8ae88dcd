using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Concerns;

/// <summary>
/// Hourly: a concern past the reply time we promised her (<see cref="ConcernOptions.ReplyWithinWorkingDays"/>), not
/// resolved and with no reply, is brought to its owner, or to the whole program team when nobody owns it. Once per
/// concern: the outbox keys (<c>concern-overdue:{id}:{user}</c>) are the record that it was sent, so a second run, or a
/// second server at the same moment, adds nothing.
/// </summary>
public sealed class ConcernReminderJob(AllyshipDbContext db, AllyshipMetrics metrics, TimeProvider clock, IOptions<ConcernOptions> options, IOptions<AppOptions> app,
    EmailRenderer renderer, Infrastructure.Localisation.OfferedLanguages languages, ILogger<ConcernReminderJob> log)
{
    public static string KeyPrefix(int concernId) => $"concern-overdue:{concernId}:";

    /// <summary>Returns how many concerns were brought to someone by this run.</summary>
    public Task<int> RunAsync(CancellationToken ct = default) => metrics.RunJobAsync(JobsSetup.Ids.ConcernReminders, () => RemindAsync(ct));

    private async Task<int> RemindAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var days = options.Value.ReplyWithinWorkingDays;
        var earliestDue = now.AddDays(-days); // working days are at least as long as calendar days: a cheap first cut
        var candidates = await db.Concerns.AsNoTracking()
            .Where(c => c.State != ConcernState.Resolved && c.CreatedUtc < earliestDue && !c.Entries.Any(e => e.Kind == ConcernEntryKind.Reply))
            .Select(c => new { c.Id, c.CreatedUtc, c.State, c.OwnerId })
            .ToListAsync(ct);
        var reminded = 0;
        foreach (var concern in candidates.Where(c => Concern.IsOverdue(c.State, c.CreatedUtc, replied: false, days, now)))
        {
            var prefix = KeyPrefix(concern.Id);
            if (await db.Emails.AnyAsync(e => e.DeduplicationKey.StartsWith(prefix), ct))
            {
                continue;
            }

            var team = ConcernInbox.Team(db).AsNoTracking().Where(u => u.Email != null);
            var owner = concern.OwnerId is null ? [] : await team.Where(u => u.Id == concern.OwnerId).Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredName, u.Language }).ToListAsync(ct);
            var to = owner.Count > 0 ? owner : await team.Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredName, u.Language }).ToListAsync(ct);
            if (to.Count == 0)
            {
                continue;
            }

            try
            {
                await db.InTransactionAsync(
                    async () =>
                    {
                        foreach (var person in to)
                        {
                            using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(person.Language));
                            var content = await ConcernEmails.OverdueAsync(renderer, Words.Greeting(person.PreferredName, person.DisplayName), Concern.ReferenceOf(concern.Id),
                                owner.Count > 0, Infrastructure.Localisation.Text.Words["{0:dddd d MMMM yyyy}", concern.CreatedUtc],
                                options.Value.Promise, app.Value.Link($"/concerns/{concern.Id}"));
                            db.Emails.Add(new OutgoingEmail(person.Email!, person.DisplayName, content.Subject, content.Html, content.Text, EmailKind.ConcernOverdue,
                                prefix + person.Id, person.Id).ToRow(now));
                        }

                        await db.SaveChangesAsync(ct);
                        return true;
                    },
                    ct);
                reminded++;
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                log.LogInformation("Concern {Id}: its reminder was queued by another run first", concern.Id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (reminded > 0)
        {
            log.LogInformation("Concern reminders: {Count} concerns past their reply time brought to their owner or the program team", reminded);
        }

        return reminded;
    }
}
