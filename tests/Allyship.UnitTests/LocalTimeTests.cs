using Allyship.Web.Features.Pledge;

namespace Allyship.UnitTests;

/// <summary>The one way a wall-clock time becomes an instant: skipped times move to when the clock resumes, doubled ones take the first.</summary>
public sealed class LocalTimeTests
{
    private static readonly TimeZoneInfo London = TimeZones.Find("Europe/London");

    [Fact]
    public void An_ordinary_time_converts_with_its_offset() =>
        LocalTime.ToUtc(new DateOnly(2026, 7, 1), new TimeOnly(10, 0), London).ShouldBe(new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 30)]
    [InlineData(1, 59)]
    public void A_time_the_clocks_skip_becomes_the_moment_they_resume(int hour, int minute) =>
        // 29 March 2026: London goes from 01:00 GMT to 02:00 BST, which is 01:00 UTC.
        LocalTime.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(hour, minute), London).ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void A_time_that_happens_twice_is_the_first_of_the_two() =>
        // 25 October 2026: 01:30 happens in BST (00:30 UTC) and again in GMT (01:30 UTC).
        LocalTime.ToUtc(new DateOnly(2026, 10, 25), new TimeOnly(1, 30), London).ShouldBe(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc));

    [Fact]
    public void Weeks_and_reminders_ask_the_same_rule()
    {
        var santiago = TimeZones.Find("America/Santiago"); // springs forward at midnight: 00:00 doesn't exist that day
        var day = new DateOnly(2026, 9, 6);
        PledgeWeek.LocalMidnightToUtc(day, santiago).ShouldBe(LocalTime.ToUtc(day, TimeOnly.MinValue, santiago));
        var week = PledgeWeek.Containing(new DateOnly(2026, 3, 25));
        ReminderTimes.DueUtc(week, DayOfWeek.Sunday, new TimeOnly(1, 30), London).ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));
    }
}
