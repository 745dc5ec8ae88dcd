namespace Allyship.Web.Data;

/// <summary>
/// A weekly reminder schedule: the mid-week nudge, and a last call later in the same pledge week unless it is off. A
/// program holds one for its mentors (<see cref="PledgeProgram.Reminders"/>) and a mentor may hold her own
/// (<see cref="MentorPreferences.Reminders"/>); both are this one value, with one set of rules. Stored as five columns of
/// its owner's table, named as they always were (an EF complex property), so the value needed no migration.
/// </summary>
public readonly record struct ReminderSchedule(DayOfWeek ReminderDay, TimeOnly ReminderTime, bool LastCallEnabled, DayOfWeek LastCallDay, TimeOnly LastCallTime)
{
    /// <summary>Wednesday 10:00, with a last call on Friday at 15:00: a new program's schedule, and a mentor's until she chooses.</summary>
    public static readonly ReminderSchedule Default = new(DayOfWeek.Wednesday, new TimeOnly(10, 0), true, DayOfWeek.Friday, new TimeOnly(15, 0));

    /// <summary>
    /// The week's reminders in order, each with its day and local time: the nudge, then the last call when it is on.
    /// When in UTC they fall depends on the week and the zone (<c>ReminderTimes</c>). A method, not a property: the
    /// schedule's stored and exported fields are its five values.
    /// </summary>
    public IReadOnlyList<(EmailKind Kind, DayOfWeek Day, TimeOnly Time)> Moments() =>
        LastCallEnabled ? [(EmailKind.Reminder, ReminderDay, ReminderTime), (EmailKind.LastCall, LastCallDay, LastCallTime)] : [(EmailKind.Reminder, ReminderDay, ReminderTime)];

    /// <summary>
    /// What is wrong with this schedule, as sentences for its fields (named as its properties): a day that is not a day of
    /// the week, or a last call that does not come later in the pledge week (Monday to Sunday) than the nudge.
    /// </summary>
    public List<FieldError> Check()
    {
        var errors = new List<FieldError>();
        if (!Enum.IsDefined(ReminderDay))
        {
            errors.Add(new(nameof(ReminderDay), "Choose a day of the week."));
        }

        if (LastCallEnabled)
        {
            if (!Enum.IsDefined(LastCallDay))
            {
                errors.Add(new(nameof(LastCallDay), "Choose a day of the week."));
            }
            else if (errors.Count == 0 && PositionInWeek(LastCallDay, LastCallTime) <= PositionInWeek(ReminderDay, ReminderTime))
            {
                errors.Add(new(nameof(LastCallTime), "The last call must come later in the week than the mid-week reminder."));
            }
        }

        return errors;
    }

    /// <summary>Minutes since Monday 00:00 (pledge weeks start on Monday): the order of two reminders within a week.</summary>
    private static int PositionInWeek(DayOfWeek day, TimeOnly time) => (((int)day + 6) % 7 * 24 * 60) + (time.Hour * 60) + time.Minute;
}
