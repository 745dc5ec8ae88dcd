namespace Allyship.Web.Features.Pledge;

/// <summary>
/// A pledge week: Monday 00:00 to the next Monday 00:00 in the program's time zone, named by its Monday.
/// </summary>
public readonly record struct PledgeWeek(DateOnly Monday) : IComparable<PledgeWeek>
{
    public DateOnly Sunday => Monday.AddDays(6);
    public PledgeWeek Previous => new(Monday.AddDays(-7));
    public PledgeWeek Next => new(Monday.AddDays(7));

    public static PledgeWeek Containing(DateOnly date) => new(date.AddDays(-DayIndex(date.DayOfWeek)));

    /// <summary>The day's place in a pledge week: Monday 0 to Sunday 6.</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>The date of <paramref name="day"/> within this week.</summary>
    public DateOnly Day(DayOfWeek day) => Monday.AddDays(DayIndex(day));

    public static PledgeWeek Containing(DateTimeOffset instant, TimeZoneInfo zone) =>
        Containing(LocalDate(instant, zone));

    /// <summary>
    /// The latest week that has ended in every one of these time zones: the Monday label is the same everywhere, so
    /// New York's week waits for New York. Batches that gather a week across programs (confirmations, leader digests) use it.
    /// </summary>
    public static PledgeWeek EndedEverywhere(DateTimeOffset now, IEnumerable<string> zoneIds) =>
        zoneIds.Select(z => Containing(now, TimeZones.Find(z)).Previous).Min();

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public bool Contains(DateOnly date) => date >= Monday && date <= Sunday;

    /// <summary>The UTC instant the week begins: local Monday midnight, or the first valid moment after it
    /// in zones whose clocks jump over midnight.</summary>
    public DateTime StartUtc(TimeZoneInfo zone) => LocalMidnightToUtc(Monday, zone);

    public DateTime EndUtc(TimeZoneInfo zone) => Next.StartUtc(zone);

    public TimeSpan Length(TimeZoneInfo zone) => EndUtc(zone) - StartUtc(zone);

    public int CompareTo(PledgeWeek other) => Monday.CompareTo(other.Monday);

    public static bool operator <(PledgeWeek left, PledgeWeek right) => left.CompareTo(right) < 0;
    public static bool operator >(PledgeWeek left, PledgeWeek right) => left.CompareTo(right) > 0;
    public static bool operator <=(PledgeWeek left, PledgeWeek right) => left.CompareTo(right) <= 0;
    public static bool operator >=(PledgeWeek left, PledgeWeek right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"week of {Monday:d MMM yyyy}";

    /// <summary>Weeks from <paramref name="first"/> to <paramref name="last"/>, both included, oldest first.</summary>
    public static IEnumerable<PledgeWeek> Range(PledgeWeek first, PledgeWeek last)
    {
        for (var w = first; w <= last; w = w.Next)
        {
            yield return w;
        }
    }

    /// <summary>
    /// A day's start as an instant: in the few zones that spring forward at midnight the week starts when the clock
    /// resumes, and an ambiguous midnight takes the first of the two (<see cref="LocalTime"/>).
    /// </summary>
    public static DateTime LocalMidnightToUtc(DateOnly day, TimeZoneInfo zone) => LocalTime.ToUtc(day, TimeOnly.MinValue, zone);
}
