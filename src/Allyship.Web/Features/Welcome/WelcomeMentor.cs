using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Preferences;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Welcome;

/// <summary>
/// A mentor's first visit (and "How it works" later): why the pledge exists, up to three colleagues she wants to
/// support, and her reminder day. The week she joins is quiet unless she logs something; she starts the next Monday.
/// </summary>
public static class WelcomeMentor
{
    /// <summary>The days a reminder can be set to from the welcome (the Settings page offers any day and time).</summary>
    public static readonly IReadOnlyList<DayOfWeek> ReminderDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public sealed record View(ProgramChoice Program, IReadOnlyList<ProgramChoice> Programs, ColleaguePicker Directory,
        IReadOnlyList<int> Chosen, DayOfWeek ReminderDay, DateOnly? FirstMonday);

    public sealed class Handler(AllyshipDbContext db, MentorPrograms programs, UpdatePreferences.Handler preferences, ProgramCalendar calendar)
    {
        public async Task<View?> LoadAsync(string mentorId, int? programId, string? find, CancellationToken ct)
        {
            var mine = await programs.ListAsync(mentorId, ct);
            if (MentorPrograms.Choose(mine, programId) is not { } program)
            {
                return null;
            }

            var chosen = await db.ChosenColleagues.AsNoTracking().Where(c => c.MentorId == mentorId && c.ProgramId == program.Id)
                .OrderBy(c => c.ChosenUtc).ThenBy(c => c.Id).Select(c => c.ColleagueId).ToListAsync(ct);
            var directory = await programs.PickerAsync(mentorId, program.Id, find, chosen.Count > 0 ? chosen[0] : null, ct);
            var reminderDay = (await preferences.LoadAsync(mentorId, ct)).Input.Reminders.ReminderDay;
            return new View(program, mine, directory, chosen, reminderDay, QuietUntil(program));
        }

        /// <summary>The Monday she starts, when this is the week she joined after its Monday (no reminders this week); else null.</summary>
        public DateOnly? QuietUntil(ProgramChoice program)
        {
            var zone = TimeZones.Find(program.TimeZoneId);
            var week = calendar.CurrentWeek(zone);
            return ReminderDue.QuietInJoinWeek(week, zone, program.Enrolment.CreatedUtc, loggedThisWeek: false) ? week.Next.Monday : null;
        }

        /// <summary>Saves her choices, all or nothing: up to three colleagues (replacing earlier ones) and her reminder day.</summary>
        public async Task<List<FieldError>> SaveAsync(string mentorId, int programId, IReadOnlyList<int?> colleagueIds, DayOfWeek? reminderDay, DateTime nowUtc, CancellationToken ct)
        {
            var ids = colleagueIds.OfType<int>().Distinct().ToList();
            var errors = new List<FieldError>();
            if (ids.Count > ChosenColleague.MaxPerMentor)
            {
                errors.Add(new("Colleagues", Infrastructure.Localisation.Text.Words["Choose up to {0} colleagues; you can support more once you start.", ChosenColleague.MaxPerMentor]));
            }

            if (reminderDay is { } day && !ReminderDays.Contains(day))
            {
                errors.Add(new("ReminderDay", Infrastructure.Localisation.Text.Words["Choose a weekday for your reminder."]));
            }

            var mine = await programs.ListAsync(mentorId, ct);
            if (mine.All(p => p.Id != programId))
            {
                errors.Add(new("Program", Infrastructure.Localisation.Text.Words["Choose one of your programs."]));
            }

            var known = await db.Colleagues.Where(Colleague.Pickable).Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            if (known.Count != ids.Count)
            {
                errors.Add(new("Colleagues", Infrastructure.Localisation.Text.Words["Choose colleagues from the list."]));
            }

            if (errors.Count > 0)
            {
                return errors;
            }

            try
            {
                return await db.InTransactionAsync(async () =>
            {
                var existing = await db.ChosenColleagues.Where(c => c.MentorId == mentorId && c.ProgramId == programId).ToListAsync(ct);
                db.ChosenColleagues.RemoveRange(existing.Where(c => !ids.Contains(c.ColleagueId)));
                db.ChosenColleagues.AddRange(ids.Where(id => existing.All(c => c.ColleagueId != id))
                    .Select(id => new ChosenColleague { MentorId = mentorId, ProgramId = programId, ColleagueId = id, ChosenUtc = nowUtc.AddTicks(ids.IndexOf(id)) }));
                await db.SaveChangesAsync(ct);

                if (reminderDay is { } chosenDay)
                {
                    // Her own day, at the time that applies now (the program's until she chose her own).
                    var input = (await preferences.LoadAsync(mentorId, ct)).Input;
                    input.UseProgramSchedule = false;
                    input.Reminders.ReminderDay = chosenDay;
                    var refused = await preferences.SaveAsync(mentorId, input, ct);
                    if (refused.Count > 0)
                    {
                        throw new WelcomeRefused(refused);
                    }
                }

                return new List<FieldError>();
            }, ct, retryWhenBeatenTo: true); // the same choices saved a moment ago (a double tap, on PostgreSQL): run again, find them
            }
            catch (WelcomeRefused refused)
            {
                return refused.Errors; // rolled back: her colleagues are not saved without her reminder day
            }
        }
    }

    private sealed class WelcomeRefused(List<FieldError> errors) : Exception("The reminder day was refused.")
    {
        public List<FieldError> Errors { get; } = errors;
    }

    public sealed record EmailModel(string Name, string ProgramName, GuideContent.Section? Why, string WelcomeLink, string GuideLink);

    /// <summary>
    /// The welcome email, sent when someone accepts an invitation into a program as a mentor (instead of any reminder in
    /// the week she joins): the same three points as the welcome page, and where to start.
    /// </summary>
    public static async Task<OutgoingEmail> EmailAsync(EmailRenderer renderer, AppUser mentor, PledgeProgram program, GuideContent guide,
        string welcomeLink, string guideLink)
    {
        string subject = Infrastructure.Localisation.Text.Words["Welcome to {0}: your 36 minutes start here", program.Name];
        if (subject.Length > EmailSubject.MaxLength)
        {
            subject = Infrastructure.Localisation.Text.Words["Welcome to {0}", program.Name];
        }

        var content = await renderer.RenderAsync<WelcomeEmail, EmailModel>(subject,
            new EmailModel(Words.Greeting(mentor), program.Name, guide.Why, welcomeLink, guideLink));
        return new OutgoingEmail(mentor.Email!, mentor.DisplayName, content.Subject, content.Html, content.Text, EmailKind.Welcome,
            $"welcome:{mentor.Id}:{program.Id}", mentor.Id);
    }

    public static async Task<EmailContent> SampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        var email = await EmailAsync(services.GetRequiredService<EmailRenderer>(), new AppUser { Id = "sample", Email = "ben@example.org", DisplayName = "Ben Yilmaz" },
            new PledgeProgram { Id = 1, Name = "Engineering leaders" }, services.GetRequiredService<GuideContent>(), app.Link("/welcome?program=1"), app.Link("/guide#coffee"));
        return new EmailContent(email.Subject, email.HtmlBody, email.TextBody);
    }
}
