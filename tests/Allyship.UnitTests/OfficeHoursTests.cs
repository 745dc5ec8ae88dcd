using Allyship.Web.Data;
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
        OfficeHours.Default.NextWorkingDay(DateOnly.Parse(today)).ShouldBe(DateOnly.Parse(next));
        OfficeHours.Default.PreviousWorkingDay(DateOnly.Parse(today)).ShouldBe(DateOnly.Parse(previous));
    }

    [Theory]
    [InlineData("2026-12-07", "09:00", 30, true)]
    [InlineData("2026-12-07", "16:30", 30, true)] // ends at closing
    [InlineData("2026-12-07", "16:45", 30, false)] // ends after it
    [InlineData("2026-12-07", "08:55", 30, false)]
    [InlineData("2026-12-05", "10:00", 30, false)] // a Saturday
    public void A_coffee_is_in_office_hours_when_all_of_it_is(string day, string start, int minutes, bool within) =>
        OfficeHours.Default.Contains(DateOnly.Parse(day), TimeOnly.Parse(start), minutes).ShouldBe(within);

    /// <summary>A program that works Sunday to Thursday, 08:00 to 16:00 (its settings): Thursday's plan lands on Sunday.</summary>
    [Fact]
    public void A_programs_own_working_days_and_hours_are_kept()
    {
        var sundayToThursday = OfficeHours.MaskOf([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday]);
        var hours = OfficeHours.Of(new PledgeProgram { WorkingDays = sundayToThursday, OfficeOpens = new TimeOnly(8, 0), OfficeCloses = new TimeOnly(16, 0) });
        hours.NextWorkingDay(new DateOnly(2026, 12, 3)).ShouldBe(new DateOnly(2026, 12, 6)); // Thursday: Sunday next
        hours.Contains(new DateOnly(2026, 12, 6), new TimeOnly(8, 0), 30).ShouldBeTrue();
        hours.Contains(new DateOnly(2026, 12, 4), new TimeOnly(10, 0), 30).ShouldBeFalse(); // their Friday is a day off
        hours.Contains(new DateOnly(2026, 12, 6), new TimeOnly(15, 45), 30).ShouldBeFalse();
        hours.DaysInWords().ShouldBe("Sunday to Thursday");
        hours.Question(new DateOnly(2026, 12, 4)).ShouldContain("(Sunday to Thursday, 08:00 to 16:00)");
        OfficeHours.Default.DaysInWords().ShouldBe("Monday to Friday");
        new PledgeProgram().WorkingDays.ShouldBe(PledgeProgram.WeekdaysMask);
    }
}
