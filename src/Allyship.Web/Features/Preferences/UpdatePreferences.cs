using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Preferences;

/// <summary>A person's reminder times, time zone, which emails they get, and a holiday pause.</summary>
public static class UpdatePreferences
{
    public sealed class Input
    {
        public string? TimeZoneId { get; set; }
        public bool UseProgramSchedule { get; set; }
        public DayOfWeek ReminderDay { get; set; } = DayOfWeek.Wednesday;
        public TimeOnly? ReminderTime { get; set; } = new(10, 0);
        public bool LastCallEnabled { get; set; } = true;
        public DayOfWeek LastCallDay { get; set; } = DayOfWeek.Friday;
        public TimeOnly? LastCallTime { get; set; } = new(15, 0);
        public bool ReceiveReminders { get; set; } = true;
        public bool ReceiveWeeklySummary { get; set; } = true;
        public bool ReceiveAdminDigest { get; set; } = true;

        public static Input From(MentorPreferences p) => new()
        {
            TimeZoneId = p.TimeZoneId, UseProgramSchedule = p.UseProgramSchedule, ReminderDay = p.ReminderDay, ReminderTime = p.ReminderTime, LastCallEnabled = p.LastCallEnabled,
            LastCallDay = p.LastCallDay, LastCallTime = p.LastCallTime, ReceiveReminders = p.ReceiveReminders,
            ReceiveWeeklySummary = p.ReceiveWeeklySummary, ReceiveAdminDigest = p.ReceiveAdminDigest,
        };
    }

    public static List<FieldError> Validate(Input input)
    {
        var errors = new List<FieldError>();
        if (!string.IsNullOrWhiteSpace(input.TimeZoneId) && !TimeZones.TryFind(input.TimeZoneId, out _))
        {
            errors.Add(new(nameof(input.TimeZoneId), "Choose a time zone from the list."));
        }

        if (!Enum.IsDefined(input.ReminderDay))
        {
            errors.Add(new(nameof(input.ReminderDay), "Choose a day of the week."));
        }

        if (input.ReminderTime is null)
        {
            errors.Add(new(nameof(input.ReminderTime), "Enter a time for the reminder, like 10:00."));
        }

        if (input.LastCallEnabled)
        {
            if (!Enum.IsDefined(input.LastCallDay))
            {
                errors.Add(new(nameof(input.LastCallDay), "Choose a day of the week."));
            }

            if (input.LastCallTime is null)
            {
                errors.Add(new(nameof(input.LastCallTime), "Enter a time for the last call, like 15:00."));
            }
            else if (input.ReminderTime is { } nudge && Position(input.LastCallDay, input.LastCallTime.Value) <= Position(input.ReminderDay, nudge))
            {
                errors.Add(new(nameof(input.LastCallTime), "The last call must come later in the week than the mid-week reminder."));
            }
        }

        return errors;
    }

    /// <summary>Minutes since Monday 00:00: the order of two reminders within a pledge week.</summary>
    private static int Position(DayOfWeek day, TimeOnly time) => ((((int)day + 6) % 7) * 24 * 60) + (time.Hour * 60) + time.Minute;

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar)
    {
        public async Task<MentorPreferences> LoadAsync(string userId, CancellationToken ct) =>
            await db.MentorPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct) ?? new MentorPreferences { UserId = userId };

        public async Task<List<FieldError>> SaveAsync(string userId, Input input, CancellationToken ct)
        {
            var errors = Validate(input);
            if (errors.Count > 0)
            {
                return errors;
            }

            var prefs = await db.MentorPreferences.SingleOrDefaultAsync(p => p.UserId == userId, ct);
            if (prefs is null)
            {
                prefs = new MentorPreferences { UserId = userId };
                db.MentorPreferences.Add(prefs);
            }

            prefs.TimeZoneId = string.IsNullOrWhiteSpace(input.TimeZoneId) ? null : input.TimeZoneId.Trim();
            prefs.UseProgramSchedule = input.UseProgramSchedule;
            prefs.ReminderDay = input.ReminderDay;
            prefs.ReminderTime = input.ReminderTime!.Value;
            prefs.LastCallEnabled = input.LastCallEnabled;
            prefs.LastCallDay = input.LastCallDay;
            prefs.LastCallTime = input.LastCallTime ?? prefs.LastCallTime;
            prefs.ReceiveReminders = input.ReceiveReminders;
            prefs.ReceiveWeeklySummary = input.ReceiveWeeklySummary;
            prefs.ReceiveAdminDigest = input.ReceiveAdminDigest;
            await db.SaveChangesAsync(ct);
            return [];
        }

        /// <summary>Pauses every current enrolment from today (in each program's zone) to the given day.</summary>
        public async Task<List<FieldError>> PauseAsync(string userId, DateOnly? until, CancellationToken ct)
        {
            var enrolments = await db.Enrolments.Include(e => e.Program).Include(e => e.Pauses)
                .Where(e => e.MentorId == userId && e.Status != EnrolmentStatus.Left).ToListAsync(ct);
            if (until is not { } last)
            {
                return [new("PauseUntil", "Enter the last day of your break.")];
            }

            foreach (var e in enrolments)
            {
                var today = calendar.Today(e.Program);
                if (last < today)
                {
                    return [new("PauseUntil", "The last day of your break can't be in the past.")];
                }

                if (last > today.AddDays(365))
                {
                    return [new("PauseUntil", "A break can last at most a year. For longer, ask your program admin to pause you.")];
                }

                e.Pause(today, last);
            }

            await db.SaveChangesAsync(ct);
            return [];
        }

        /// <summary>Ends a pause today: from now on reminders come again and the streak counts.</summary>
        public async Task ResumeAsync(string userId, CancellationToken ct)
        {
            var enrolments = await db.Enrolments.Include(e => e.Program).Include(e => e.Pauses)
                .Where(e => e.MentorId == userId && e.Status == EnrolmentStatus.Paused).ToListAsync(ct);
            foreach (var e in enrolments)
            {
                e.EndPause(calendar.Today(e.Program), EnrolmentStatus.Active);
            }

            await db.SaveChangesAsync(ct);
        }
    }
}
