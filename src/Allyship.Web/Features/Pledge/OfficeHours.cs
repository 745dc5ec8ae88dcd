using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Pledge;

/// <summary>
/// When an invitation from a senior leader to a junior colleague is fair to send: one of the program's working days,
/// within its office hours, in the program's zone (program settings; Monday to Friday, 09:00 to 17:00 by default).
/// </summary>
public sealed record OfficeHours(int WorkingDays, TimeOnly Opens, TimeOnly Closes)
{
    public static readonly OfficeHours Default = new(PledgeProgram.WeekdaysMask, new TimeOnly(9, 0), new TimeOnly(17, 0));

    public static OfficeHours Of(PledgeProgram program) => new(program.WorkingDays, program.OfficeOpens, program.OfficeCloses);

    /// <summary>What a plan starts at unless the mentor changes it: ten in the morning, or opening time if later.</summary>
    public TimeOnly DefaultStart => Opens > new TimeOnly(10, 0) ? Opens : new TimeOnly(10, 0) < Closes ? new TimeOnly(10, 0) : Opens;

    /// <summary>The stored form of a set of working days (<see cref="PledgeProgram.WorkingDays"/>): one bit per day, Sunday = bit 0.</summary>
    public static int MaskOf(IEnumerable<DayOfWeek> days) => days.Aggregate(0, (mask, day) => mask | (1 << (int)day));

    public static bool Works(int workingDays, DayOfWeek day) => (workingDays & (1 << (int)day)) != 0;

    /// <summary>The working days of a stored mask, Sunday first.</summary>
    public static List<DayOfWeek> DaysOf(int workingDays) => Enum.GetValues<DayOfWeek>().Where(d => Works(workingDays, d)).ToList();

    public bool IsWorkingDay(DateOnly day) => WorkingDays == 0 || Works(WorkingDays, day.DayOfWeek);

    /// <summary>The first working day after <paramref name="today"/>: Monday, for a plan made on a Friday (Monday to Friday).</summary>
    public DateOnly NextWorkingDay(DateOnly today)
    {
        var day = today.AddDays(1);
        for (var i = 0; i < 7 && !IsWorkingDay(day); i++)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>The last working day before <paramref name="day"/>: Friday, for a Saturday, Sunday or Monday.</summary>
    public DateOnly PreviousWorkingDay(DateOnly day)
    {
        day = day.AddDays(-1);
        for (var i = 0; i < 7 && !IsWorkingDay(day); i++)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>The whole coffee falls on a working day between opening and closing.</summary>
    public bool Contains(DateOnly day, TimeOnly start, int minutes) =>
        IsWorkingDay(day) && start >= Opens && start.ToTimeSpan() + TimeSpan.FromMinutes(minutes) <= Closes.ToTimeSpan();

    /// <summary>The working days in words: "Monday to Friday", "Sunday to Thursday", or a list.</summary>
    public string DaysInWords()
    {
        var days = Enumerable.Range(0, 7).Select(i => (DayOfWeek)((i + 1) % 7)).Where(d => Works(WorkingDays, d)).ToList();
        if (days.Count == 0 || days.Count == 7)
        {
            return Text.Words["every day"];
        }

        // A run of consecutive days (Sunday may start it) reads "first to last".
        var order = Enumerable.Range(0, 14).Select(i => (DayOfWeek)(i % 7)).ToList();
        for (var start = 0; start < 7; start++)
        {
            var run = order.Skip(start).Take(days.Count).ToList();
            if (run.All(days.Contains) && !days.Except(run).Any())
            {
                return Text.Words["{0} to {1}", Cultures.DayName(run[0]), Cultures.DayName(run[^1])];
            }
        }

        return string.Join(", ", days.Select(Cultures.DayName));
    }

    /// <summary>The question asked before a plan outside office hours is sent.</summary>
    public string Question(DateOnly day) =>
        IsWorkingDay(day)
            ? Text.Words["That time is outside office hours ({0}, {1:HH:mm} to {2:HH:mm}): an invitation from a senior leader is hard to decline. Choose a time within them, or tick “Send it anyway” if she asked for it.", DaysInWords(), Opens, Closes]
            : Text.Words["{3:dddd} is outside office hours ({0}, {1:HH:mm} to {2:HH:mm}): an invitation from a senior leader is hard to decline. Choose a time within them, or tick “Send it anyway” if she asked for it.", DaysInWords(), Opens, Closes, day.ToDateTime(TimeOnly.MinValue)];
}
