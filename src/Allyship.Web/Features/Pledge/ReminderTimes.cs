using Allyship.Web.Data;

namespace Allyship.Web.Features.Pledge;

/// <summary>
/// The rules of a weekly reminder schedule, whoever sets it: a program's defaults (admin) or a mentor's own times
/// (Settings). The last call, when on, must come later in the pledge week than the mid-week nudge.
/// </summary>
public static class ReminderTimes
{
    public static List<FieldError> Check(DayOfWeek reminderDay, TimeOnly? reminderTime, bool lastCallEnabled, DayOfWeek lastCallDay, TimeOnly? lastCallTime)
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(reminderDay))
        {
            errors.Add(new("ReminderDay", "Choose a day of the week."));
        }

        if (reminderTime is null)
        {
            errors.Add(new("ReminderTime", "Enter a time for the reminder, like 10:00."));
        }

        if (lastCallEnabled)
        {
            if (!Enum.IsDefined(lastCallDay))
            {
                errors.Add(new("LastCallDay", "Choose a day of the week."));
            }

            if (lastCallTime is null)
            {
                errors.Add(new("LastCallTime", "Enter a time for the last call, like 15:00."));
            }
            else if (reminderTime is { } nudge && Position(lastCallDay, lastCallTime.Value) <= Position(reminderDay, nudge))
            {
                errors.Add(new("LastCallTime", "The last call must come later in the week than the mid-week reminder."));
            }
        }

        return errors;
    }

    /// <summary>Minutes since Monday 00:00: the order of two reminders within a pledge week.</summary>
    private static int Position(DayOfWeek day, TimeOnly time) => (PledgeWeek.DayIndex(day) * 24 * 60) + (time.Hour * 60) + time.Minute;

    /// <summary>How long before the week ends a reminder moved into the week is due: the job runs every five minutes.</summary>
    public static readonly TimeSpan LastMoment = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A mentor far from the program can pick a local time outside the program's week (Sunday evening in Los Angeles is
    /// Monday morning in London): such a reminder moves to the week's first moment or to half an hour before its end,
    /// so it is sent in the week it is about rather than never. Settings also says so when it is chosen.
    /// </summary>
    public static DateTime WithinWeek(PledgeWeek week, TimeZoneInfo programZone, DateTime dueUtc)
    {
        var start = week.StartUtc(programZone);
        var latest = week.EndUtc(programZone) - LastMoment;
        return dueUtc < start ? start : dueUtc > latest ? latest : dueUtc;
    }

    /// <summary>Whether a weekday and local time in the mentor's zone falls inside the program's pledge week.</summary>
    public static bool FallsWithin(PledgeWeek week, TimeZoneInfo programZone, DayOfWeek day, TimeOnly time, TimeZoneInfo mentorZone)
    {
        var due = DueUtc(week, day, time, mentorZone);
        return due >= week.StartUtc(programZone) && due < week.EndUtc(programZone);
    }

    /// <summary>The UTC instant of a weekday and local time within a pledge week, in the mentor's zone.</summary>
    public static DateTime DueUtc(PledgeWeek week, DayOfWeek day, TimeOnly time, TimeZoneInfo zone)
    {
        // 02:30 on the night clocks spring forward does not exist: the reminder goes when the clock resumes (LocalTime).
        return LocalTime.ToUtc(week.Day(day), time, zone);
    }
}
