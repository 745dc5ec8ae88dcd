using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>An admin nudges a lapsed mentor from the dashboard: one email, at most once per mentor per week.</summary>
public static class NudgeMentor
{
    public static string KeyPrefix(int programId, PledgeWeek week) => $"nudge:{programId}:{week.Monday:yyyy-MM-dd}:";

    public sealed record EmailModel(string Name, string ProgramName, string LogLink, string UnsubscribeLink);

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, AuditLog audit, TimeProvider clock, IOptions<AppOptions> app,
        UnsubscribeTokens unsubscribe, EmailRenderer renderer, Infrastructure.Localisation.OfferedLanguages languages)
    {
        /// <summary>The email and its audit entry in one commit; a second click, or a second admin, finds it queued.</summary>
        public async Task<string> HandleAsync(ClaimsPrincipal actor, int programId, string mentorId, CancellationToken ct)
        {
            var enrolment = await db.Enrolments.AsNoTracking().Include(e => e.Program).Include(e => e.Mentor)
                .Where(Enrolment.InProgram).SingleOrDefaultAsync(e => e.ProgramId == programId && e.MentorId == mentorId, ct);
            if (enrolment?.Mentor.Email is not { } email)
            {
                return Text.Words["That mentor is not in this program."].Value;
            }

            var mentor = enrolment.Mentor;
            var already = $"{mentor.DisplayName} was already nudged this week.";
            var week = calendar.CurrentWeek(enrolment.Program);
            var key = KeyPrefix(programId, week) + mentorId;
            if (await db.Emails.AnyAsync(e => e.DeduplicationKey == key, ct))
            {
                return already;
            }

            // One reminder-type email a day at most: right after a reminder or a last call, a nudge would be the second.
            var now = clock.GetUtcNow().UtcDateTime;
            if (await ReminderCap.LatestAsync(db, mentorId, now, ct) is { } latest)
            {
                var hours = Math.Max(1, (int)Math.Round((now - latest.QueuedUtc).TotalHours));
                return latest.Kind switch
                {
                    EmailKind.LastCall => Text.Words.Plural(hours, "No nudge sent: {1} got a last call {0} hour ago. Try again tomorrow.", "No nudge sent: {1} got a last call {0} hours ago. Try again tomorrow.", mentor.DisplayName),
                    EmailKind.Nudge => Text.Words.Plural(hours, "No nudge sent: {1} got a nudge {0} hour ago. Try again tomorrow.", "No nudge sent: {1} got a nudge {0} hours ago. Try again tomorrow.", mentor.DisplayName),
                    _ => Text.Words.Plural(hours, "No nudge sent: {1} got a reminder {0} hour ago. Try again tomorrow.", "No nudge sent: {1} got a reminder {0} hours ago. Try again tomorrow.", mentor.DisplayName),
                };
            }

            if (await db.MentorPreferences.AnyAsync(p => p.UserId == mentorId && !p.ReceiveReminders, ct))
            {
                return Text.Words["No nudge sent: {0} turned reminder emails off.", mentor.DisplayName].Value;
            }

            var name = Words.Greeting(mentor);
            var unsubscribeLink = unsubscribe.Link(mentorId, EmailCategory.Reminders);
            var link = app.Value.Link($"/log/coffee?program={programId}");
            Infrastructure.Email.EmailContent content;
            using (Infrastructure.Localisation.Cultures.Use(languages.For(mentor.Language)))
            {
                content = await renderer.RenderAsync<NudgeEmail, EmailModel>(Infrastructure.Localisation.Text.Words["A coffee this week? {0} misses you", enrolment.Program.Name],
                    new EmailModel(name, enrolment.Program.Name, link, unsubscribeLink));
            }

            try
            {
                await db.InTransactionAsync(() =>
                {
                    db.Emails.Add(new OutgoingEmail(email, mentor.DisplayName, content.Subject, content.Html, content.Text,
                        EmailKind.Nudge, key, mentorId, unsubscribeLink).ToRow(now));
                    audit.Record(actor, "mentor.nudge", email, $"program \"{enrolment.Program.Name}\", week of {week.Monday:yyyy-MM-dd}");
                    DataChangesInterceptor.Wrote(db, DataChanges.OfProgram(programId)); // the dashboard's lapsed list says "Nudged this week" at once
                    return Task.FromResult(true);
                }, ct);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                return already; // another admin's click a moment ago
            }

            return Text.Words["Nudge queued for {0}.", mentor.DisplayName].Value;
        }
    }

    public static Task<EmailContent> SampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<IOptions<AppOptions>>().Value;
        return services.GetRequiredService<EmailRenderer>().RenderAsync<NudgeEmail, EmailModel>(Infrastructure.Localisation.Text.Words["A coffee this week? {0} misses you", "Engineering leaders"],
            new EmailModel("Dana", "Engineering leaders", app.Link("/log/coffee?program=1"), app.Link(EmailSample.SampleUnsubscribe)));
    }
}
