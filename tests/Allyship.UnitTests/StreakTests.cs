using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using static Allyship.Web.Features.Pledge.WeekState;

namespace Allyship.UnitTests;

public sealed class StreakTests
{
    [Fact]
    public void No_weeks_means_no_streak() => Streaks.Compute([]).ShouldBe(new Streak(0, 0));

    [Fact]
    public void Consecutive_complete_weeks_make_the_streak() =>
        Streaks.Compute([Complete, Complete, Complete]).ShouldBe(new Streak(3, 3));

    [Fact]
    public void An_incomplete_closed_week_breaks_the_streak_but_best_remembers() =>
        Streaks.Compute([Complete, Complete, Complete, Incomplete, Complete]).ShouldBe(new Streak(1, 3));

    [Fact]
    public void Paused_weeks_are_skipped_not_broken() =>
        Streaks.Compute([Complete, Complete, Paused, Paused, Complete]).ShouldBe(new Streak(3, 3));

    [Fact]
    public void The_open_week_does_not_break_the_streak_before_it_closes() =>
        Streaks.Compute([Complete, Complete, OpenIncomplete]).ShouldBe(new Streak(2, 2));

    [Fact]
    public void A_complete_open_week_counts_straight_away()
    {
        var open = new PledgeWeek(new DateOnly(2026, 11, 23));
        var done = WeekProgress.From(open, new WeeklyTargets(), [(ActionKind.Coffee, 30), (ActionKind.ShoutOut, 5), (ActionKind.SponsorNote, 1)]);
        var state = Streaks.StateOf(done, paused: false, isOpen: true);
        state.ShouldBe(Complete);
        Streaks.Compute([Complete, Complete, state]).Current.ShouldBe(3);
        Streaks.Compute([Complete, Complete, Streaks.StateOf(WeekProgress.From(open, new WeeklyTargets(), []), paused: false, isOpen: true)])
            .Current.ShouldBe(2); // the same week not done yet: neither counts nor breaks
    }

    [Theory]
    [InlineData(Complete, 4)]
    [InlineData(Paused, 3)]
    [InlineData(OpenIncomplete, 3)]
    [InlineData(Incomplete, 0)]
    public void One_step_of_the_streak_is_the_same_rule_history_and_rollups_use(WeekState week, int after) =>
        Streaks.After(3, week).ShouldBe(after);

    [Fact]
    public void A_rollup_row_freezes_the_same_state_and_streak_as_history()
    {
        var targets = new WeeklyTargets();
        foreach (var (counts, paused) in new[] { ((1, 1, 1), false), ((1, 1, 1), true), ((1, 0, 1), true), ((0, 0, 0), false) })
        {
            var row = Allyship.Web.Features.Insights.RollupCalculator.Row(1, new DateOnly(2026, 11, 16), targets,
                new("m", paused, counts.Item1, counts.Item2, counts.Item3, 0, 0, PreviousStreak: 5), DateTime.UtcNow);
            var state = Streaks.StateOf(targets.IsMetBy(new KindCounts(counts.Item1, counts.Item2, counts.Item3)), paused, isOpen: false);
            (row.Complete, row.Paused, row.Streak).ShouldBe((state == Complete, state == Paused, Streaks.After(5, state)));
        }
    }

    [Fact]
    public void Complete_beats_paused_when_a_mentor_kept_the_pledge_on_holiday()
    {
        var progress = new WeekProgress(new PledgeWeek(new DateOnly(2026, 11, 23)), 1, 1, 1, 36, new WeeklyTargets());
        Streaks.StateOf(progress, paused: true, isOpen: false).ShouldBe(Complete);
    }

    [Fact]
    public void A_week_is_complete_only_when_every_target_is_met()
    {
        var week = new PledgeWeek(new DateOnly(2026, 11, 23));
        var targets = new WeeklyTargets { Coffees = 2 };
        WeekProgress.From(week, targets, [(ActionKind.Coffee, 30), (ActionKind.ShoutOut, 5), (ActionKind.SponsorNote, 1)])
            .IsComplete.ShouldBeFalse();
        var done = WeekProgress.From(week, targets,
            [(ActionKind.Coffee, 30), (ActionKind.Coffee, 45), (ActionKind.ShoutOut, 5), (ActionKind.SponsorNote, 1)]);
        done.IsComplete.ShouldBeTrue();
        done.Minutes.ShouldBe(81);
        done.TargetMinutes.ShouldBe(66);
    }

    [Fact]
    public void Default_targets_add_up_to_36_minutes() => new WeeklyTargets().TotalMinutes.ShouldBe(36);

    [Theory]
    [InlineData("2026-11-23", "2026-11-29", true)] // the whole week
    [InlineData("2026-11-26", "2026-12-10", true)] // Thursday to Sunday: four days
    [InlineData("2026-11-27", "2026-12-10", false)] // Friday to Sunday: three days, the week still counts
    [InlineData("2026-11-01", "2026-11-22", false)] // ended the day before
    public void A_pause_covering_most_of_a_week_pauses_it(string from, string to, bool paused) =>
        new Enrolment { Pauses = [new EnrolmentPause { StartsOn = DateOnly.Parse(from), EndsOn = DateOnly.Parse(to) }] }
            .IsPausedWeek(new DateOnly(2026, 11, 23)).ShouldBe(paused);
}
