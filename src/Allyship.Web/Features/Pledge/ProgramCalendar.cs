using Allyship.Web.Data;

namespace Allyship.Web.Features.Pledge;

/// <summary>Answers "what day and week is it" for a program, from the injected clock and the program's zone.</summary>
public sealed class ProgramCalendar(TimeProvider clock)
{
    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today(TimeZoneInfo zone) => PledgeWeek.LocalDate(clock.GetUtcNow(), zone);

    public PledgeWeek CurrentWeek(TimeZoneInfo zone) => PledgeWeek.Containing(Today(zone));

    public DateOnly Today(PledgeProgram program) => Today(TimeZones.Find(program.TimeZoneId));

    public PledgeWeek CurrentWeek(PledgeProgram program) => CurrentWeek(TimeZones.Find(program.TimeZoneId));

    public DateOnly Today(string timeZoneId) => Today(TimeZones.Find(timeZoneId));

    public PledgeWeek CurrentWeek(string timeZoneId) => CurrentWeek(TimeZones.Find(timeZoneId));

    /// <summary>Mentors may change actions of the open week and the one before it; older weeks are read-only.</summary>
    public static bool IsEditable(PledgeWeek week, PledgeWeek current) => week >= FirstEditableWeek(current) && week <= current;

    /// <summary>The oldest week whose actions may still be logged, changed or deleted: the one before the open week.</summary>
    public static PledgeWeek FirstEditableWeek(PledgeWeek current) => current.Previous;

    /// <summary>The last week that has ended and may be closed (rolled up): the one before the open week. Later weeks have no rollup.</summary>
    public static PledgeWeek LastClosableWeek(PledgeWeek current) => current.Previous;
}

public static class TimeZones
{
    /// <summary>Finds an IANA zone (ICU makes these work on every OS .NET runs on).</summary>
    public static TimeZoneInfo Find(string ianaId) => TimeZoneInfo.FindSystemTimeZoneById(ianaId);

    public static bool TryFind(string? ianaId, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(ianaId))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(ianaId);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
