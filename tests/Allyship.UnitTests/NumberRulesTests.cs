using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Allyship.UnitTests;

/// <summary>
/// The numbers' rules, each in one home (issue 32): active, idle and lapsed; week complete from the flags frozen with
/// that week's targets; fiscal "today" in a time zone.
/// </summary>
public sealed class NumberRulesTests
{
    private static readonly DateOnly Monday = new(2026, 11, 16);

    private static WeeklyRollup Week(bool paused = false, int coffees = 0, int shoutOuts = 0, int sponsorNotes = 0, int previousIdleWeeks = 0, WeeklyTargets? targets = null) =>
        RollupCalculator.Row(1, Monday, targets ?? new WeeklyTargets(),
            new RollupCalculator.MentorWeek("m", paused, coffees, shoutOuts, sponsorNotes, Minutes: 0, Colleagues: 0, PreviousIdleWeeks: previousIdleWeeks), DateTime.UtcNow);

    [Fact]
    public void A_paused_week_is_neither_active_nor_idle_even_with_something_logged()
    {
        var holiday = Week(paused: true, coffees: 1);
        (holiday.IsCounted, holiday.IsActive, holiday.IsIdle).ShouldBe((false, false, false));
        var quiet = Week();
        (quiet.IsCounted, quiet.IsActive, quiet.IsIdle).ShouldBe((true, false, true));
        var busy = Week(shoutOuts: 1);
        (busy.IsCounted, busy.IsActive, busy.IsIdle).ShouldBe((true, true, false));
    }

    [Fact]
    public void A_paused_week_the_mentor_completed_anyway_counts_and_is_active()
    {
        var row = Week(paused: true, coffees: 1, shoutOuts: 1, sponsorNotes: 1);
        (row.Complete, row.IsCounted, row.IsActive).ShouldBe((true, true, true));
    }

    [Fact]
    public void The_idle_run_grows_with_idle_weeks_freezes_over_paused_ones_and_ends_with_any_action()
    {
        Week(previousIdleWeeks: 1).IdleWeeks.ShouldBe(2);
        Week(paused: true, previousIdleWeeks: 1).IdleWeeks.ShouldBe(1);
        Week(sponsorNotes: 1, previousIdleWeeks: 4).IdleWeeks.ShouldBe(0);
    }

    [Fact]
    public void Lapsed_is_the_programs_number_of_idle_weeks_asked_in_a_week_that_is_itself_idle()
    {
        var program = new PledgeProgram();
        program.LapsedAfterWeeks.ShouldBe(PledgeProgram.DefaultLapsedAfterWeeks);
        program.IsLapsed(2, latest: Week()).ShouldBeTrue();
        program.IsLapsed(1, latest: Week()).ShouldBeFalse();
        program.IsLapsed(5, latest: Week(paused: true)).ShouldBeFalse(); // on holiday: not lapsed
        program.IsLapsed(5, latest: Week(coffees: 1)).ShouldBeFalse(); // logged in the week asked about

        program.LapsedAfterWeeks = 3;
        program.IsLapsed(2, latest: Week()).ShouldBeFalse();
        program.IsLapsed(3, latest: Week()).ShouldBeTrue();
    }

    [Fact]
    public void Complete_is_derived_from_the_done_flags_set_with_that_weeks_targets()
    {
        var two = new WeeklyTargets { Coffees = 2 };
        var row = Week(coffees: 1, shoutOuts: 1, sponsorNotes: 1, targets: two);
        (row.CoffeeDone, row.ShoutOutDone, row.SponsorNoteDone, row.Complete).ShouldBe((false, true, true, false));

        // The targets change later: the closed week keeps its judgment, a live one follows today's targets.
        var progress = WeekProgress.From(new PledgeWeek(Monday), new WeeklyTargets(), [(ActionKind.Coffee, 30), (ActionKind.ShoutOut, 5), (ActionKind.SponsorNote, 1)]);
        progress.IsComplete.ShouldBeTrue();
        (progress with { Closed = row }).IsComplete.ShouldBeFalse();
        (progress with { Closed = row }).IsDone(ActionKind.Coffee).ShouldBeFalse();
    }

    [Fact]
    public void A_departments_week_counts_each_row_by_its_own_rules()
    {
        var totals = ClosedWeekNumbers.DepartmentTotals.Of("Sales",
        [
            (Week(coffees: 1, shoutOuts: 1, sponsorNotes: 1), 2),
            (Week(paused: true, coffees: 1), 1),
            (Week(), 3),
            (Week(coffees: 1), 1),
        ]);
        totals.ShouldBe(new ClosedWeekNumbers.DepartmentTotals("Sales", Counted: 6, Complete: 2, Minutes: 0, Active: 3, Coffees: 3, ShoutOuts: 2, SponsorNotes: 2));
    }

    [Theory]
    [InlineData("UTC", 2026, 4)]
    [InlineData("Pacific/Auckland", 2027, 1)]
    public void Todays_fiscal_quarter_is_decided_in_the_zone_asked(string zone, int fiscalYear, int quarter)
    {
        // 31 December 2026, 12:00 UTC: still 2026 in London and UTC, already 1 January 2027 in Auckland.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero));
        var fiscal = new FiscalCalendar(new ProgramCalendar(clock), Options.Create(new ReportingOptions { FiscalYearStartMonth = 1 }));
        var today = fiscal.CurrentQuarter(TimeZones.Find(zone));
        (today.FiscalYear, today.Quarter).ShouldBe((fiscalYear, quarter));
        fiscal.CurrentQuarter(new PledgeProgram { TimeZoneId = zone }).ShouldBe(today);
    }

    [Fact]
    public void The_pulse_opens_with_the_quarter_in_the_zone_asked()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero));
        var fiscal = new FiscalCalendar(new ProgramCalendar(clock), Options.Create(new ReportingOptions { FiscalYearStartMonth = 1 }));
        fiscal.PulseAskedAbout("UTC").ShouldBeNull();
        fiscal.PulseAskedAbout("Pacific/Auckland")!.Label.ShouldBe("FY2026 Q4");
    }
}
