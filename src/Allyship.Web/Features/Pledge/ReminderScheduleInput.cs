using Allyship.Web.Data;

namespace Allyship.Web.Features.Pledge;

/// <summary>
/// A <see cref="ReminderSchedule"/> as the program settings and the Settings page post it (<c>Input.Reminders.*</c>):
/// a time may be left empty until it is checked. Its fields are named as the schedule's, so every sentence lands beside
/// the field it is about on both pages.
/// </summary>
public sealed class ReminderScheduleInput
{
    /// <summary>What both forms' inputs call it: their sentences are for <c>Reminders.ReminderTime</c> and so on.</summary>
    public const string Name = "Reminders";

    /// <summary>The form's name of one of its fields, as <see cref="Check"/> names them.</summary>
    public static string FieldOf(string property) => $"{Name}.{property}";

    public DayOfWeek ReminderDay { get; set; } = ReminderSchedule.Default.ReminderDay;
    public TimeOnly? ReminderTime { get; set; } = ReminderSchedule.Default.ReminderTime;
    public bool LastCallEnabled { get; set; } = ReminderSchedule.Default.LastCallEnabled;
    public DayOfWeek LastCallDay { get; set; } = ReminderSchedule.Default.LastCallDay;
    public TimeOnly? LastCallTime { get; set; } = ReminderSchedule.Default.LastCallTime;

    public static ReminderScheduleInput From(ReminderSchedule schedule) => new()
    {
        ReminderDay = schedule.ReminderDay, ReminderTime = schedule.ReminderTime, LastCallEnabled = schedule.LastCallEnabled,
        LastCallDay = schedule.LastCallDay, LastCallTime = schedule.LastCallTime,
    };

    /// <summary>
    /// A time left empty, then, once both are there, the schedule's own rules (<see cref="ReminderSchedule.Check"/>); each
    /// sentence for its field as the form names it (<see cref="FieldOf"/>).
    /// </summary>
    public List<FieldError> Check()
    {
        var errors = new List<FieldError>();
        if (ReminderTime is null)
        {
            errors.Add(new(nameof(ReminderTime), "Enter a time for the reminder, like 10:00."));
        }

        if (LastCallEnabled && LastCallTime is null)
        {
            errors.Add(new(nameof(LastCallTime), "Enter a time for the last call, like 15:00."));
        }

        return (errors.Count > 0 ? errors : ToSchedule(ReminderSchedule.Default).Check()).Select(e => e with { Field = FieldOf(e.Field) }).ToList();
    }

    /// <summary>The schedule posted, once checked; a last call switched off with its time left empty keeps <paramref name="saved"/>'s time.</summary>
    public ReminderSchedule ToSchedule(ReminderSchedule saved) =>
        new(ReminderDay, ReminderTime ?? throw new InvalidOperationException("Check the schedule first: the reminder time is empty."),
            LastCallEnabled, LastCallDay, LastCallTime ?? saved.LastCallTime);
}
