using Allyship.Web.Features.Pledge;
using Microsoft.Extensions.Time.Testing;

namespace Allyship.UnitTests;

public sealed class PledgeWeekTests
{
    private static readonly TimeZoneInfo London = TimeZones.Find("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZones.Find("America/New_York");
    private static readonly TimeZoneInfo Kiritimati = TimeZones.Find("Pacific/Kiritimati"); // UTC+14
    private static readonly TimeZoneInfo PagoPago = TimeZones.Find("Pacific/Pago_Pago"); // UTC-11

    [Theory]
    [InlineData("2026-11-23", "2026-11-23")] // Monday
    [InlineData("2026-11-25", "2026-11-23")] // Wednesday
    [InlineData("2026-11-29", "2026-11-23")] // Sunday belongs to the week before the next Monday
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2027-01-01", "2026-12-28")] // across a year end
    public void A_week_is_named_by_its_Monday(string day, string monday) =>
        PledgeWeek.Containing(DateOnly.Parse(day)).Monday.ShouldBe(DateOnly.Parse(monday));

    [Fact]
    public void The_week_daylight_saving_starts_is_one_hour_short_in_London()
    {
        // Clocks went forward on Sunday 29 March 2026.
        var week = PledgeWeek.Containing(new DateOnly(2026, 3, 25));
        week.StartUtc(London).ShouldBe(new DateTime(2026, 3, 23, 0, 0, 0, DateTimeKind.Utc));
        week.EndUtc(London).ShouldBe(new DateTime(2026, 3, 29, 23, 0, 0, DateTimeKind.Utc));
        week.Length(London).ShouldBe(TimeSpan.FromHours(167));
    }

    [Fact]
    public void The_week_daylight_saving_ends_is_one_hour_long_in_London()
    {
        // Clocks went back on Sunday 25 October 2026.
        var week = PledgeWeek.Containing(new DateOnly(2026, 10, 21));
        week.StartUtc(London).ShouldBe(new DateTime(2026, 10, 18, 23, 0, 0, DateTimeKind.Utc));
        week.EndUtc(London).ShouldBe(new DateTime(2026, 10, 26, 0, 0, 0, DateTimeKind.Utc));
        week.Length(London).ShouldBe(TimeSpan.FromHours(169));
    }

    [Fact]
    public void New_York_changes_on_different_Sundays_from_London()
    {
        // US daylight saving began 8 March 2026 and ended 1 November 2026.
        PledgeWeek.Containing(new DateOnly(2026, 3, 4)).Length(NewYork).ShouldBe(TimeSpan.FromHours(167));
        PledgeWeek.Containing(new DateOnly(2026, 3, 25)).Length(NewYork).ShouldBe(TimeSpan.FromHours(168));
        PledgeWeek.Containing(new DateOnly(2026, 10, 28)).Length(NewYork).ShouldBe(TimeSpan.FromHours(169));
    }

    [Fact]
    public void A_program_fourteen_hours_ahead_of_UTC_starts_its_week_on_Sunday_in_UTC()
    {
        var week = new PledgeWeek(new DateOnly(2026, 11, 23));
        week.StartUtc(Kiritimati).ShouldBe(new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void The_same_instant_is_in_different_weeks_far_east_and_far_west()
    {
        // Sunday 29 Nov 2026 11:00 UTC is Monday 01:00 in Kiritimati but Sunday 00:00 in Pago Pago.
        var instant = new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero);
        PledgeWeek.Containing(instant, Kiritimati).Monday.ShouldBe(new DateOnly(2026, 11, 30));
        PledgeWeek.Containing(instant, PagoPago).Monday.ShouldBe(new DateOnly(2026, 11, 23));
    }

    [Fact]
    public void The_calendar_turns_the_week_at_local_midnight_on_Monday()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 22, 59, 0, TimeSpan.Zero)); // Sunday 23:59 BST
        var calendar = new ProgramCalendar(clock);
        calendar.CurrentWeek(London).Monday.ShouldBe(new DateOnly(2026, 3, 23));
        clock.Advance(TimeSpan.FromMinutes(1)); // Monday 00:00 BST
        calendar.CurrentWeek(London).Monday.ShouldBe(new DateOnly(2026, 3, 30));
    }

    [Fact]
    public void The_calendar_turns_the_week_after_the_repeated_hour_when_clocks_go_back()
    {
        // Monday 26 Oct 2026 00:00 GMT = 00:00 UTC; one minute earlier it is still Sunday.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 25, 23, 59, 0, TimeSpan.Zero));
        var calendar = new ProgramCalendar(clock);
        calendar.CurrentWeek(London).Monday.ShouldBe(new DateOnly(2026, 10, 19));
        clock.Advance(TimeSpan.FromMinutes(1));
        calendar.CurrentWeek(London).Monday.ShouldBe(new DateOnly(2026, 10, 26));
    }

    [Fact]
    public void Only_the_open_week_and_the_one_before_are_editable()
    {
        var current = new PledgeWeek(new DateOnly(2026, 11, 23));
        ProgramCalendar.IsEditable(current, current).ShouldBeTrue();
        ProgramCalendar.IsEditable(current.Previous, current).ShouldBeTrue();
        ProgramCalendar.IsEditable(current.Previous.Previous, current).ShouldBeFalse();
        ProgramCalendar.IsEditable(current.Next, current).ShouldBeFalse();
    }

    [Fact]
    public void A_midnight_that_does_not_exist_starts_the_week_when_the_clock_resumes()
    {
        // Chile springs forward at midnight: Sunday 6 Sep 2026 00:00 does not exist in Santiago. Use a synthetic
        // zone whose jump falls on a Monday to prove the rule on the week start itself.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2026, 1, 1), new DateTime(2026, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 3, 30),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 10, 26));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test/MondayJump", TimeSpan.Zero, "Monday jump", "Std", "Dst", [rule]);
        var week = new PledgeWeek(new DateOnly(2026, 3, 30));
        week.StartUtc(zone).ShouldBe(new DateTime(2026, 3, 30, 0, 0, 0, DateTimeKind.Utc));
    }
}
