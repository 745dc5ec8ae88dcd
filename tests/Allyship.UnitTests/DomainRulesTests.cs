using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.UnitTests;

/// <summary>The rules that live on the entities and values they are about (CONVENTIONS.md, rule 14).</summary>
public sealed class EnrolmentRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static Enrolment PausedUntil(DateOnly from, DateOnly to) =>
        new() { Pauses = [new EnrolmentPause { StartsOn = from, EndsOn = to }] };

    [Fact]
    public void A_pause_covers_its_first_and_last_day()
    {
        var e = PausedUntil(Today, Today.AddDays(10));
        e.IsPausedOn(Today).ShouldBeTrue();
        e.IsPausedOn(Today.AddDays(10)).ShouldBeTrue();
        e.PauseOn(Today.AddDays(3))!.EndsOn.ShouldBe(Today.AddDays(10));
    }

    [Fact]
    public void A_pause_until_a_day_that_has_passed_is_over_without_anyone_resuming()
    {
        var e = PausedUntil(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        e.IsPausedOn(new DateOnly(2026, 10, 31)).ShouldBeTrue();
        e.IsPausedOn(new DateOnly(2026, 11, 1)).ShouldBeFalse();
        e.PauseOn(Today).ShouldBeNull();
        e.Status.ShouldBe(EnrolmentStatus.Active);
    }

    [Fact]
    public void Pausing_again_during_a_pause_extends_it()
    {
        var e = PausedUntil(Today.AddDays(-2), Today.AddDays(3));
        e.Pause(Today, Today.AddDays(20));
        e.Pauses.ShouldHaveSingleItem().EndsOn.ShouldBe(Today.AddDays(20));
    }

    [Fact]
    public void Resuming_ends_the_pause_yesterday_and_keeps_its_history()
    {
        var e = PausedUntil(Today.AddDays(-10), Today.AddDays(10));
        e.Resume(Today);
        e.IsPausedOn(Today).ShouldBeFalse();
        e.IsPausedOn(Today.AddDays(-1)).ShouldBeTrue();
    }

    [Fact]
    public void Resuming_drops_a_pause_that_had_not_begun()
    {
        var e = PausedUntil(Today, Today.AddDays(10));
        e.Resume(Today);
        e.Pauses.ShouldBeEmpty();
    }

    [Fact]
    public void Someone_who_left_is_not_paused_and_a_pause_ends_when_they_leave()
    {
        var e = PausedUntil(Today.AddDays(-3), Today.AddDays(10));
        e.Leave(Today);
        (e.Status, e.IsPausedOn(Today)).ShouldBe((EnrolmentStatus.Left, false));
    }
}

public sealed class WeeklyTargetsTests
{
    [Theory]
    [InlineData(1, 1, 1, true)]
    [InlineData(2, 1, 3, true)]
    [InlineData(0, 1, 1, false)]
    [InlineData(1, 0, 1, false)]
    [InlineData(1, 1, 0, false)]
    public void A_week_is_complete_when_every_target_is_met(int coffees, int shoutOuts, int sponsorNotes, bool complete) =>
        new WeeklyTargets().IsMetBy(new KindCounts(coffees, shoutOuts, sponsorNotes)).ShouldBe(complete);

    [Fact]
    public void A_target_of_zero_is_always_met() =>
        new WeeklyTargets { SponsorNotes = 0 }.IsMetBy(new KindCounts(1, 1, 0)).ShouldBeTrue();

    [Fact]
    public void Week_progress_asks_the_targets() // the week page, reminders and history all read WeekProgress
    {
        var targets = new WeeklyTargets { Coffees = 2 };
        var progress = new WeekProgress(new PledgeWeek(new DateOnly(2026, 11, 23)), 1, 1, 1, 36, targets);
        (progress.IsComplete, progress.IsDone(ActionKind.Coffee), progress.IsDone(ActionKind.ShoutOut)).ShouldBe((false, false, true));
        progress.IsComplete.ShouldBe(targets.IsMetBy(progress.Counts));
    }

    [Theory]
    [InlineData(0, "0 of 36 minutes", 0)]
    [InlineData(36, "36 of 36 minutes", 36)]
    [InlineData(81, "36 of 36 minutes, +45 extra", 36)] // never "81 of 36"
    public void The_minutes_cap_at_the_goal_and_say_the_extra_apart(int minutes, string sentence, int ring)
    {
        var progress = new WeekProgress(new PledgeWeek(new DateOnly(2026, 11, 23)), 1, 1, 1, minutes, new WeeklyTargets());
        (progress.MinutesSentence, progress.MinutesTowardGoal).ShouldBe((sentence, ring));
    }
}

public sealed class ColleagueRulesTests
{
    [Fact]
    public void A_valid_colleague_has_no_errors() =>
        Colleague.Check(new("Ada Lovelace", "ada@example.com", "Engineering", "Analyst", "boss@example.com")).ShouldBeEmpty();

    [Fact]
    public void Each_field_has_its_sentence()
    {
        var errors = Colleague.Check(new(null, "nope", new string('d', 121), new string('l', 61), "also nope"));
        errors.Select(e => e.Field).ShouldBe(["Name", "Email", "Department", "Level", "ManagerEmail"]);
        errors[0].Message.ShouldBe("Enter the colleague's name.");
    }

    [Fact]
    public void An_email_is_always_required() =>
        Colleague.Check(new("Ada", "  ")).ShouldHaveSingleItem().Field.ShouldBe("Email");

    [Fact]
    public void Applying_details_trims_and_normalises()
    {
        var c = new Colleague();
        c.Apply(new(" Ada ", " ADA@Example.com ", " ", "Analyst", "Boss@Example.com"));
        (c.Name, c.Email, c.Department, c.Level, c.ManagerEmail).ShouldBe(("Ada", "ada@example.com", null, "Analyst", "boss@example.com"));
        c.Differs(new("Ada", "ada@example.com", null, "Analyst", "boss@example.com")).ShouldBeFalse();
        c.Differs(new("Ada", "ada@example.com", "Sales", "Analyst", "boss@example.com")).ShouldBeTrue();
    }
}

public sealed class LoggableDaysTests
{
    private static readonly DateOnly Today = new(2026, 11, 25); // Wednesday; last week began Monday 16 November

    [Fact]
    public void From_last_weeks_monday_to_today() =>
        LoggableDays.For(new DateOnly(2026, 1, 5), null, Today).ShouldBe(new LoggableDays(new DateOnly(2026, 11, 16), Today, Today, new DateOnly(2026, 1, 5), null));

    [Fact]
    public void A_program_that_started_this_week_starts_the_range()
    {
        var days = LoggableDays.For(new DateOnly(2026, 11, 24), null, Today);
        days.Earliest.ShouldBe(new DateOnly(2026, 11, 24));
        days.Problem(new DateOnly(2026, 11, 23))!.ShouldContain("before the program started");
    }

    [Fact]
    public void A_program_that_ended_ends_the_range()
    {
        var days = LoggableDays.For(new DateOnly(2026, 1, 5), new DateOnly(2026, 11, 20), Today);
        days.Latest.ShouldBe(new DateOnly(2026, 11, 20));
        days.Problem(Today)!.ShouldContain("after the program ended");
    }

    [Fact]
    public void Every_day_in_the_range_is_accepted_and_none_outside()
    {
        var days = LoggableDays.For(new DateOnly(2026, 1, 5), null, Today);
        for (var d = days.Earliest.AddDays(-3); d <= days.Latest.AddDays(3); d = d.AddDays(1))
        {
            (days.Problem(d) is null).ShouldBe(days.Contains(d), d.ToString("O"));
        }
    }
}
