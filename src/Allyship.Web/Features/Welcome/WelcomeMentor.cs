using System.Text.Encodings.Web;
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
            var reminderDay = (await preferences.LoadAsync(mentorId, ct)).Input.ReminderDay;
            return new View(program, mine, directory, chosen, reminderDay, QuietUntil(program));
        }

        /// <summary>The Monday she starts, when this is the week she joined after its Monday (no reminders this week); else null.</summary>
        public DateOnly? QuietUntil(ProgramChoice program)
        {
            var zone = TimeZones.Find(program.TimeZoneId);
            var week = calendar.CurrentWeek(zone);
            return ReminderSchedule.QuietInJoinWeek(week, zone, program.Enrolment.CreatedUtc, loggedThisWeek: false) ? week.Next.Monday : null;
        }

        /// <summary>Saves her choices, all or nothing: up to three colleagues (replacing earlier ones) and her reminder day.</summary>
        public async Task<List<FieldError>> SaveAsync(string mentorId, int programId, IReadOnlyList<int?> colleagueIds, DayOfWeek? reminderDay, DateTime nowUtc, CancellationToken ct)
        {
            var ids = colleagueIds.OfType<int>().Distinct().ToList();
            var errors = new List<FieldError>();
            if (ids.Count > ChosenColleague.MaxPerMentor)
            {
                errors.Add(new("Colleagues", $"Choose up to {ChosenColleague.MaxPerMentor} colleagues; you can support more once you start."));
            }

            if (reminderDay is { } day && !ReminderDays.Contains(day))
            {
                errors.Add(new("ReminderDay", "Choose a weekday for your reminder."));
            }

            var mine = await programs.ListAsync(mentorId, ct);
            if (mine.All(p => p.Id != programId))
            {
                errors.Add(new("Program", "Choose one of your programs."));
            }

            var known = await db.Colleagues.Where(Colleague.Pickable).Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            if (known.Count != ids.Count)
            {
                errors.Add(new("Colleagues", "Choose colleagues from the list."));
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
                    input.ReminderDay = chosenDay;
                    var refused = await preferences.SaveAsync(mentorId, input, ct);
                    if (refused.Count > 0)
                    {
                        throw new WelcomeRefused(refused);
                    }
                }

                return new List<FieldError>();
            }, ct);
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

    /// <summary>
    /// The welcome email, sent when someone accepts an invitation into a program as a mentor (instead of any reminder in
    /// the week she joins): the same three points as the welcome page, and where to start.
    /// </summary>
    public static OutgoingEmail Email(AppUser mentor, PledgeProgram program, GuideContent guide, string welcomeLink, string guideLink, DateTime nowUtc)
    {
        var e = HtmlEncoder.Default;
        var name = Words.FirstName(mentor.DisplayName);
        var why = guide.Why;
        var text = $"""
            Hello {name},

            Welcome to {program.Name}: the 36-minute pledge. Why it exists, in three points:

            {why?.Markdown ?? ""}

            Start here: choose up to three colleagues you want to support and your reminder day.
            {welcomeLink}

            How to do a first coffee well (and what a sponsor does that a mentor doesn't):
            {guideLink}

            No reminders this week: your first full week starts on Monday, unless you log something before then.
            """;
        var html = $"<p>Hello {e.Encode(name)},</p><p>Welcome to {e.Encode(program.Name)}: the 36-minute pledge. Why it exists, in three points:</p>"
            + (why?.Html.Value ?? "")
            + $"<p><a href=\"{e.Encode(welcomeLink)}\">Start here</a>: choose up to three colleagues you want to support and your reminder day.</p>"
            + $"<p><a href=\"{e.Encode(guideLink)}\">How to do a first coffee well</a>, and what a sponsor does that a mentor doesn't.</p>"
            + "<p>No reminders this week: your first full week starts on Monday, unless you log something before then.</p>";
        return new OutgoingEmail(mentor.Email!, mentor.DisplayName, $"Welcome to {program.Name}: your 36 minutes start here", html, text, EmailKind.Other,
            $"welcome:{mentor.Id}:{program.Id}", mentor.Id);
    }
}
