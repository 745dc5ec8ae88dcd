using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Preferences;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Infrastructure.Email;

namespace Allyship.UnitTests;

public sealed class ReminderScheduleTests
{
    private static readonly TimeZoneInfo London = TimeZones.Find("Europe/London");
    private static readonly PledgeWeek Week = new(new DateOnly(2026, 11, 23));

    private static EmailKind? At(int day, int hour, int minute = 0, MentorPreferences? prefs = null) =>
        ReminderSchedule.DueKind(Week, London, London, prefs ?? new MentorPreferences(), new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.Zero));

    [Fact]
    public void Nothing_is_due_before_Wednesday_10() => At(25, 9, 59).ShouldBeNull();

    [Fact]
    public void The_nudge_is_due_from_Wednesday_10_until_the_last_call()
    {
        At(25, 10).ShouldBe(EmailKind.Reminder);
        At(27, 14, 59).ShouldBe(EmailKind.Reminder);
    }

    [Fact]
    public void The_last_call_is_due_from_Friday_15_until_the_week_ends()
    {
        At(27, 15).ShouldBe(EmailKind.LastCall);
        At(29, 23, 59).ShouldBe(EmailKind.LastCall);
        At(30, 0).ShouldBeNull(); // Monday: a new week, with its own reminders later
    }

    [Fact]
    public void Without_a_last_call_the_nudge_stays_due_all_week() =>
        At(29, 20, prefs: new MentorPreferences { LastCallEnabled = false }).ShouldBe(EmailKind.Reminder);

    [Fact]
    public void A_reminder_time_that_does_not_exist_fires_when_the_clock_resumes()
    {
        // 29 March 2026, 01:30 does not exist in London (clocks jump from 01:00 to 02:00).
        var week = new PledgeWeek(new DateOnly(2026, 3, 23));
        ReminderTimes.DueUtc(week, DayOfWeek.Sunday, new TimeOnly(1, 30), London).ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));
    }

    private static EmailKind? Due(string programZone, string mentorZone, MentorPreferences prefs, DateTimeOffset now)
    {
        var program = TimeZones.Find(programZone);
        var week = PledgeWeek.Containing(now, program);
        return ReminderSchedule.DueKind(week, program, TimeZones.Find(mentorZone), prefs, now);
    }

    [Fact]
    public void A_last_call_that_falls_after_the_programs_week_moves_to_its_last_half_hour()
    {
        // Program in London, mentor eight hours behind: Sunday 20:00 in Los Angeles is Monday 04:00 in London.
        var prefs = new MentorPreferences { LastCallDay = DayOfWeek.Sunday, LastCallTime = new TimeOnly(20, 0) };
        ReminderTimes.FallsWithin(Week, London, DayOfWeek.Sunday, new TimeOnly(20, 0), TimeZones.Find("America/Los_Angeles")).ShouldBeFalse();
        Due("Europe/London", "America/Los_Angeles", prefs, new DateTimeOffset(2026, 11, 29, 23, 29, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
        Due("Europe/London", "America/Los_Angeles", prefs, new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero)).ShouldBe(EmailKind.LastCall);
        Due("Europe/London", "America/Los_Angeles", prefs, new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)).ShouldNotBe(EmailKind.LastCall);
    }

    [Fact]
    public void Kathmandu_quarter_hours_are_kept()
    {
        // Wednesday 10:00 in Kathmandu (UTC+5:45) is 04:15 UTC.
        Due("Europe/London", "Asia/Kathmandu", new MentorPreferences(), new DateTimeOffset(2026, 11, 25, 4, 14, 0, TimeSpan.Zero)).ShouldBeNull();
        Due("Europe/London", "Asia/Kathmandu", new MentorPreferences(), new DateTimeOffset(2026, 11, 25, 4, 15, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
    }

    [Fact]
    public void A_program_on_the_Chatham_islands_starts_its_week_at_their_midnight()
    {
        // Chatham is UTC+13:45 in November (daylight time): Monday 00:00 there is Sunday 10:15 UTC.
        var chatham = TimeZones.Find("Pacific/Chatham");
        var week = PledgeWeek.Containing(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), chatham);
        week.StartUtc(chatham).ShouldBe(new DateTime(2026, 11, 22, 10, 15, 0, DateTimeKind.Utc));
        // Wednesday 10:00 in Chatham is Tuesday 20:15 UTC.
        Due("Pacific/Chatham", "Pacific/Chatham", new MentorPreferences(), new DateTimeOffset(2026, 11, 24, 20, 14, 0, TimeSpan.Zero)).ShouldBeNull();
        Due("Pacific/Chatham", "Pacific/Chatham", new MentorPreferences(), new DateTimeOffset(2026, 11, 24, 20, 15, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
    }

    [Fact]
    public void Lord_Howe_half_hour_daylight_saving_is_followed()
    {
        // Lord Howe Island moves its clocks by half an hour: UTC+11 in November, UTC+10:30 in June.
        var lordHowe = TimeZones.Find("Australia/Lord_Howe");
        PledgeWeek.Containing(new DateOnly(2026, 11, 23)).StartUtc(lordHowe).ShouldBe(new DateTime(2026, 11, 22, 13, 0, 0, DateTimeKind.Utc));
        PledgeWeek.Containing(new DateOnly(2026, 6, 15)).StartUtc(lordHowe).ShouldBe(new DateTime(2026, 6, 14, 13, 30, 0, DateTimeKind.Utc));
        Due("Australia/Lord_Howe", "Australia/Lord_Howe", new MentorPreferences(), new DateTimeOffset(2026, 6, 16, 23, 30, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
        Due("Australia/Lord_Howe", "Australia/Lord_Howe", new MentorPreferences(), new DateTimeOffset(2026, 6, 16, 23, 29, 0, TimeSpan.Zero)).ShouldBeNull();
    }

    [Fact]
    public void A_mentor_far_from_the_program_gets_the_nudge_at_their_own_10()
    {
        var tokyo = TimeZones.Find("Asia/Tokyo");
        ReminderSchedule.DueKind(Week, London, tokyo, new MentorPreferences(), new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero))
            .ShouldBe(EmailKind.Reminder); // 10:00 Wednesday in Tokyo is 01:00 UTC
        ReminderSchedule.DueKind(Week, London, tokyo, new MentorPreferences(), new DateTimeOffset(2026, 11, 25, 0, 59, 0, TimeSpan.Zero))
            .ShouldBeNull();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 15)]
    [InlineData(40, 15)]
    public void Retries_back_off_and_cap_at_the_maximum(int attempts, int minutes) =>
        OutboxDispatcher.Backoff(attempts, TimeSpan.FromMinutes(15)).ShouldBe(TimeSpan.FromMinutes(minutes));

    [Fact]
    public void A_short_maximum_caps_the_first_retry_too() =>
        OutboxDispatcher.Backoff(1, TimeSpan.FromSeconds(30)).ShouldBe(TimeSpan.FromSeconds(30));
}

public sealed class RollupCalculatorTests
{
    private static WeeklyRollup Row(bool paused, int coffees, int shoutOuts, int notes, int previous) =>
        RollupCalculator.Row(1, new DateOnly(2026, 11, 16), new WeeklyTargets(),
            new RollupCalculator.MentorWeek("m", paused, coffees, shoutOuts, notes, (coffees * 30) + (shoutOuts * 5) + notes, 1, previous), DateTime.UnixEpoch);

    [Fact]
    public void A_complete_week_extends_the_streak() => Row(false, 1, 1, 1, previous: 4).ShouldSatisfyAllConditions(
        r => r.Complete.ShouldBeTrue(), r => r.Streak.ShouldBe(5), r => r.Minutes.ShouldBe(36));

    [Fact]
    public void An_incomplete_week_breaks_it() => Row(false, 2, 1, 0, previous: 4).Streak.ShouldBe(0);

    [Fact]
    public void A_paused_week_freezes_it() => Row(true, 0, 0, 0, previous: 4).ShouldSatisfyAllConditions(
        r => r.Paused.ShouldBeTrue(), r => r.Streak.ShouldBe(4));

    [Fact]
    public void A_complete_week_on_holiday_still_counts() => Row(true, 1, 1, 1, previous: 4).ShouldSatisfyAllConditions(
        r => r.Paused.ShouldBeFalse(), r => r.Streak.ShouldBe(5));
}

public sealed class PreferencesRulesTests
{
    [Fact]
    public void The_defaults_are_valid() => UpdatePreferences.Validate(new UpdatePreferences.Input()).ShouldBeEmpty();

    [Fact]
    public void The_last_call_must_follow_the_nudge() =>
        UpdatePreferences.Validate(new UpdatePreferences.Input { ReminderDay = DayOfWeek.Friday, LastCallDay = DayOfWeek.Friday, LastCallTime = new TimeOnly(9, 0) })
            .ShouldHaveSingleItem().Field.ShouldBe("LastCallTime");

    [Fact]
    public void Sunday_counts_as_the_end_of_the_pledge_week() =>
        UpdatePreferences.Validate(new UpdatePreferences.Input { ReminderDay = DayOfWeek.Saturday, LastCallDay = DayOfWeek.Sunday }).ShouldBeEmpty();

    [Fact]
    public void A_disabled_last_call_is_not_checked() =>
        UpdatePreferences.Validate(new UpdatePreferences.Input { LastCallEnabled = false, LastCallDay = DayOfWeek.Monday }).ShouldBeEmpty();

    [Fact]
    public void An_unknown_zone_is_refused() =>
        UpdatePreferences.Validate(new UpdatePreferences.Input { TimeZoneId = "Nowhere/Land" }).ShouldHaveSingleItem().Field.ShouldBe("TimeZoneId");
}
