using Allyship.Web.Features.Pledge;

namespace Allyship.UnitTests;

/// <summary>When an invitation to a junior colleague is fair to send: working days, 09:00 to 17:00 (issue 35, item 4).</summary>
public sealed class OfficeHoursTests
{
    [Theory]
    [InlineData("2026-12-04", "2026-12-07", "2026-12-03")] // Friday: Monday next, Thursday before
    [InlineData("2026-12-05", "2026-12-07", "2026-12-04")] // Saturday
    [InlineData("2026-12-07", "2026-12-08", "2026-12-04")] // Monday: Tuesday next, Friday before
    public void The_next_and_previous_working_days_skip_the_weekend(string today, string next, string previous)
    {
        OfficeHours.NextWorkingDay(DateOnly.Parse(today)).ShouldBe(DateOnly.Parse(next));
        OfficeHours.PreviousWorkingDay(DateOnly.Parse(today)).ShouldBe(DateOnly.Parse(previous));
    }

    [Theory]
    [InlineData("2026-12-07", "09:00", 30, true)]
    [InlineData("2026-12-07", "16:30", 30, true)] // ends at closing
    [InlineData("2026-12-07", "16:45", 30, false)] // ends after it
    [InlineData("2026-12-07", "08:55", 30, false)]
    [InlineData("2026-12-05", "10:00", 30, false)] // a Saturday
    public void A_coffee_is_in_office_hours_when_all_of_it_is(string day, string start, int minutes, bool within) =>
        OfficeHours.Contains(DateOnly.Parse(day), TimeOnly.Parse(start), minutes).ShouldBe(within);
}
