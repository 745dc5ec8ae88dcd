namespace Allyship.Web.Features.Pledge;

/// <summary>
/// When an invitation from a senior leader to a junior colleague is fair to send: a working day, within office hours,
/// in the program's zone. Monday to Friday, 09:00 to 17:00 (per-program settings are a later step of issue 35).
/// </summary>
public static class OfficeHours
{
    public static readonly TimeOnly Opens = new(9, 0);
    public static readonly TimeOnly Closes = new(17, 0);

    /// <summary>What a plan starts at unless the mentor changes it: ten in the morning.</summary>
    public static readonly TimeOnly DefaultStart = new(10, 0);

    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The first working day after <paramref name="today"/>: Monday, for a plan made on a Friday.</summary>
    public static DateOnly NextWorkingDay(DateOnly today)
    {
        var day = today.AddDays(1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>The last working day before <paramref name="day"/>: Friday, for a Saturday, Sunday or Monday.</summary>
    public static DateOnly PreviousWorkingDay(DateOnly day)
    {
        day = day.AddDays(-1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>The whole coffee falls on a working day between opening and closing.</summary>
    public static bool Contains(DateOnly day, TimeOnly start, int minutes) =>
        IsWorkingDay(day) && start >= Opens && start.ToTimeSpan() + TimeSpan.FromMinutes(minutes) <= Closes.ToTimeSpan();

    /// <summary>The question asked before a plan outside office hours is sent.</summary>
    public static string Question(DateOnly day) =>
        $"{(IsWorkingDay(day) ? "That time" : $"{day:dddd}")} is outside office hours (Monday to Friday, {Opens:HH:mm} to {Closes:HH:mm}): an invitation from a senior leader is hard to decline. Choose a time within them, or tick “Send it anyway” if she asked for it.";
}
