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
}
