namespace Allyship.Web.Features.Pledge;

/// <summary>
/// The one way a wall-clock time in a zone becomes an instant (issue 32): weeks, reminders, planned coffees and the demo
/// all ask this. A time the clocks skip (spring forward) becomes the moment the clock resumes; a time that happens twice
/// (the clocks go back) is the first of the two.
/// </summary>
public static class LocalTime
{
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1); // gaps are whole minutes (30 or 60 in today's zones)
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the one before the clocks go back: its instant comes first.
            return DateTime.SpecifyKind(local - zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    public static DateTime ToUtc(DateOnly day, TimeOnly time, TimeZoneInfo zone) => ToUtc(day.ToDateTime(time), zone);
}
