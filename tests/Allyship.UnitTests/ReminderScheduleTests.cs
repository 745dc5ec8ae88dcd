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

    private static EmailKind? At(int day, int hour, int minute = 0, ReminderSchedule? schedule = null) =>
        ReminderDue.DueKind(Week, London, London, schedule ?? ReminderSchedule.Default, new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.Zero));

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
        At(29, 20, schedule: ReminderSchedule.Default with { LastCallEnabled = false }).ShouldBe(EmailKind.Reminder);

    [Fact]
    public void A_reminder_time_that_does_not_exist_fires_when_the_clock_resumes()
    {
        // 29 March 2026, 01:30 does not exist in London (clocks jump from 01:00 to 02:00).
        var week = new PledgeWeek(new DateOnly(2026, 3, 23));
        ReminderTimes.DueUtc(week, DayOfWeek.Sunday, new TimeOnly(1, 30), London).ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));
    }

    private static EmailKind? Due(string programZone, string mentorZone, ReminderSchedule schedule, DateTimeOffset now)
    {
        var program = TimeZones.Find(programZone);
        var week = PledgeWeek.Containing(now, program);
        return ReminderDue.DueKind(week, program, TimeZones.Find(mentorZone), schedule, now);
    }

    [Fact]
    public void A_last_call_that_falls_after_the_programs_week_moves_to_its_last_half_hour()
    {
        // Program in London, mentor eight hours behind: Sunday 20:00 in Los Angeles is Monday 04:00 in London.
        var schedule = ReminderSchedule.Default with { LastCallDay = DayOfWeek.Sunday, LastCallTime = new TimeOnly(20, 0) };
        ReminderTimes.FallsWithin(Week, London, DayOfWeek.Sunday, new TimeOnly(20, 0), TimeZones.Find("America/Los_Angeles")).ShouldBeFalse();
        Due("Europe/London", "America/Los_Angeles", schedule, new DateTimeOffset(2026, 11, 29, 23, 29, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
        Due("Europe/London", "America/Los_Angeles", schedule, new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero)).ShouldBe(EmailKind.LastCall);
        Due("Europe/London", "America/Los_Angeles", schedule, new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)).ShouldNotBe(EmailKind.LastCall);
    }

    [Fact]
    public void Kathmandu_quarter_hours_are_kept()
    {
        // Wednesday 10:00 in Kathmandu (UTC+5:45) is 04:15 UTC.
        Due("Europe/London", "Asia/Kathmandu", ReminderSchedule.Default, new DateTimeOffset(2026, 11, 25, 4, 14, 0, TimeSpan.Zero)).ShouldBeNull();
        Due("Europe/London", "Asia/Kathmandu", ReminderSchedule.Default, new DateTimeOffset(2026, 11, 25, 4, 15, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
    }

    [Fact]
    public void A_program_on_the_Chatham_islands_starts_its_week_at_their_midnight()
    {
        // Chatham is UTC+13:45 in November (daylight time): Monday 00:00 there is Sunday 10:15 UTC.
        var chatham = TimeZones.Find("Pacific/Chatham");
        var week = PledgeWeek.Containing(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), chatham);
        week.StartUtc(chatham).ShouldBe(new DateTime(2026, 11, 22, 10, 15, 0, DateTimeKind.Utc));
        // Wednesday 10:00 in Chatham is Tuesday 20:15 UTC.
        Due("Pacific/Chatham", "Pacific/Chatham", ReminderSchedule.Default, new DateTimeOffset(2026, 11, 24, 20, 14, 0, TimeSpan.Zero)).ShouldBeNull();
        Due("Pacific/Chatham", "Pacific/Chatham", ReminderSchedule.Default, new DateTimeOffset(2026, 11, 24, 20, 15, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
    }

    [Fact]
    public void Lord_Howe_half_hour_daylight_saving_is_followed()
    {
        // Lord Howe Island moves its clocks by half an hour: UTC+11 in November, UTC+10:30 in June.
        var lordHowe = TimeZones.Find("Australia/Lord_Howe");
        PledgeWeek.Containing(new DateOnly(2026, 11, 23)).StartUtc(lordHowe).ShouldBe(new DateTime(2026, 11, 22, 13, 0, 0, DateTimeKind.Utc));
        PledgeWeek.Containing(new DateOnly(2026, 6, 15)).StartUtc(lordHowe).ShouldBe(new DateTime(2026, 6, 14, 13, 30, 0, DateTimeKind.Utc));
        Due("Australia/Lord_Howe", "Australia/Lord_Howe", ReminderSchedule.Default, new DateTimeOffset(2026, 6, 16, 23, 30, 0, TimeSpan.Zero)).ShouldBe(EmailKind.Reminder);
        Due("Australia/Lord_Howe", "Australia/Lord_Howe", ReminderSchedule.Default, new DateTimeOffset(2026, 6, 16, 23, 29, 0, TimeSpan.Zero)).ShouldBeNull();
    }

    [Fact]
    public void A_mentor_far_from_the_program_gets_the_nudge_at_their_own_10()
    {
        var tokyo = TimeZones.Find("Asia/Tokyo");
        ReminderDue.DueKind(Week, London, tokyo, ReminderSchedule.Default, new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero))
            .ShouldBe(EmailKind.Reminder); // 10:00 Wednesday in Tokyo is 01:00 UTC
        ReminderDue.DueKind(Week, London, tokyo, ReminderSchedule.Default, new DateTimeOffset(2026, 11, 25, 0, 59, 0, TimeSpan.Zero))
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
    private static UpdatePreferences.Input With(ReminderScheduleInput reminders) => new() { Reminders = reminders };

    [Fact]
    public void The_defaults_are_valid() => UpdatePreferences.Validate(new UpdatePreferences.Input()).ShouldBeEmpty();

    [Fact]
    public void The_last_call_must_follow_the_nudge() =>
        UpdatePreferences.Validate(With(new() { ReminderDay = DayOfWeek.Friday, LastCallDay = DayOfWeek.Friday, LastCallTime = new TimeOnly(9, 0) }))
            .ShouldHaveSingleItem().Field.ShouldBe("Reminders.LastCallTime");

    [Fact]
    public void An_unknown_zone_is_refused() =>
        UpdatePreferences.Validate(new UpdatePreferences.Input { TimeZoneId = "Nowhere/Land" }).ShouldHaveSingleItem().Field.ShouldBe("TimeZoneId");
}

/// <summary>The reminder schedule's own rules, the same for a program's defaults and a mentor's own times (issue 32).</summary>
public sealed class ReminderScheduleRulesTests
{
    [Fact]
    public void The_default_is_Wednesday_at_10_with_a_last_call_on_Friday_at_15_and_is_valid()
    {
        ReminderSchedule.Default.ShouldBe(new ReminderSchedule(DayOfWeek.Wednesday, new TimeOnly(10, 0), true, DayOfWeek.Friday, new TimeOnly(15, 0)));
        ReminderSchedule.Default.Check().ShouldBeEmpty();
        new PledgeProgram().Reminders.ShouldBe(ReminderSchedule.Default);
        new MentorPreferences().Reminders.ShouldBe(ReminderSchedule.Default);
    }

    [Fact]
    public void The_last_call_must_come_later_in_the_week_than_the_nudge()
    {
        (ReminderSchedule.Default with { LastCallDay = DayOfWeek.Wednesday, LastCallTime = new TimeOnly(10, 0) }).Check()
            .ShouldHaveSingleItem().ShouldBe(new FieldError("LastCallTime", "The last call must come later in the week than the mid-week reminder."));
        (ReminderSchedule.Default with { LastCallDay = DayOfWeek.Monday }).Check().ShouldHaveSingleItem().Field.ShouldBe("LastCallTime");
        (ReminderSchedule.Default with { LastCallDay = DayOfWeek.Wednesday, LastCallTime = new TimeOnly(10, 1) }).Check().ShouldBeEmpty();
    }

    [Fact]
    public void Sunday_is_the_end_of_the_pledge_week_not_its_start() =>
        (ReminderSchedule.Default with { ReminderDay = DayOfWeek.Saturday, LastCallDay = DayOfWeek.Sunday }).Check().ShouldBeEmpty();

    [Fact]
    public void A_last_call_that_is_off_is_neither_checked_nor_sent()
    {
        var off = ReminderSchedule.Default with { LastCallEnabled = false, LastCallDay = DayOfWeek.Monday };
        off.Check().ShouldBeEmpty();
        off.Moments().ShouldBe([(EmailKind.Reminder, DayOfWeek.Wednesday, new TimeOnly(10, 0))]);
        ReminderSchedule.Default.Moments().Select(m => m.Kind).ShouldBe([EmailKind.Reminder, EmailKind.LastCall]);
    }

    [Fact]
    public void A_day_that_is_not_a_day_of_the_week_is_refused()
    {
        (ReminderSchedule.Default with { ReminderDay = (DayOfWeek)9 }).Check().ShouldHaveSingleItem().Field.ShouldBe("ReminderDay");
        (ReminderSchedule.Default with { LastCallDay = (DayOfWeek)9 }).Check().ShouldHaveSingleItem().Field.ShouldBe("LastCallDay");
    }

    [Fact]
    public void A_mentor_follows_the_programs_schedule_until_she_chooses_her_own()
    {
        var program = ReminderSchedule.Default with { ReminderDay = DayOfWeek.Tuesday };
        var own = ReminderSchedule.Default with { ReminderDay = DayOfWeek.Thursday };
        new MentorPreferences { Reminders = own }.ScheduleWith(program).ShouldBe(program);
        new MentorPreferences { Reminders = own, UseProgramSchedule = false }.ScheduleWith(program).ShouldBe(own);
    }

    [Fact]
    public void A_form_with_an_empty_time_says_so_beside_that_field()
    {
        new ReminderScheduleInput { ReminderTime = null }.Check().ShouldHaveSingleItem()
            .ShouldBe(new FieldError("Reminders.ReminderTime", "Enter a time for the reminder, like 10:00."));
        new ReminderScheduleInput { LastCallTime = null }.Check().ShouldHaveSingleItem().Field.ShouldBe("Reminders.LastCallTime");
        new ReminderScheduleInput { LastCallEnabled = false, LastCallTime = null }.Check().ShouldBeEmpty();
    }

    [Fact]
    public void A_form_reads_back_what_it_was_given_and_an_empty_last_call_time_keeps_the_saved_one()
    {
        var saved = ReminderSchedule.Default with { ReminderDay = DayOfWeek.Tuesday, LastCallTime = new TimeOnly(17, 45) };
        ReminderScheduleInput.From(saved).ToSchedule(ReminderSchedule.Default).ShouldBe(saved);
        new ReminderScheduleInput { LastCallEnabled = false, LastCallTime = null }.ToSchedule(saved)
            .ShouldBe(ReminderSchedule.Default with { LastCallEnabled = false, LastCallTime = new TimeOnly(17, 45) });
    }
}
