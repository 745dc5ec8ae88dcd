using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Reminders;

/// <summary>When a mentor's reminders fall due: pure, so daylight-saving weeks and far zones are tested directly.</summary>
public static class ReminderDue
{
    /// <summary>
    /// The join-week rule: a mentor who joined after the week's Monday (program time) gets no reminder and no last call
    /// that week unless they log something; their first full week starts the following Monday. Joining on the Monday
    /// leaves the whole week, so reminders apply.
    /// </summary>
    public static bool QuietInJoinWeek(PledgeWeek week, TimeZoneInfo programZone, DateTime enrolledUtc, bool loggedThisWeek) =>
        !loggedThisWeek && enrolledUtc >= PledgeWeek.LocalMidnightToUtc(week.Monday.AddDays(1), programZone) && enrolledUtc < week.EndUtc(programZone);

    /// <summary>
    /// Which reminder is due at <paramref name="now"/> for the program week, or null. The nudge is due from its
    /// local time until the last call's; the last call from its time until the week ends. A run that comes late
    /// (the app was down on Wednesday) still finds the nudge due, and never both at once.
    /// </summary>
    public static EmailKind? DueKind(PledgeWeek week, TimeZoneInfo programZone, TimeZoneInfo mentorZone, ReminderSchedule schedule, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        if (utc < week.StartUtc(programZone) || utc >= week.EndUtc(programZone))
        {
            return null;
        }

        var nudge = ReminderTimes.WithinWeek(week, programZone, ReminderTimes.DueUtc(week, schedule.ReminderDay, schedule.ReminderTime, mentorZone));
        DateTime? lastCall = schedule.LastCallEnabled ? ReminderTimes.WithinWeek(week, programZone, ReminderTimes.DueUtc(week, schedule.LastCallDay, schedule.LastCallTime, mentorZone)) : null;
        if (lastCall is { } last && last > nudge && utc >= last)
        {
            return EmailKind.LastCall;
        }

        return utc >= nudge && (lastCall is null || lastCall <= nudge || utc < lastCall) ? EmailKind.Reminder : null;
    }
}
