using Allyship.Web.Data;

namespace Allyship.Web.Features.Pledge;

/// <summary>
/// Where a <see cref="ReminderSchedule"/>'s local days and times fall in a pledge week, in UTC, whoever set them: a
/// program's defaults (admin) or a mentor's own times (Settings), in her zone while the week is the program's.
/// </summary>
public static class ReminderTimes
{
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
