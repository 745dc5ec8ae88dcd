using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;

namespace Allyship.UnitTests;

public sealed class VoiceRulesTests
{
    [Theory]
    [InlineData("2026-10-01", "FY2026 Q3")] // the quarter's first day: asks about the one just ended
    [InlineData("2026-10-14", "FY2026 Q3")] // the fourteenth day is the last
    [InlineData("2026-10-15", null)]
    [InlineData("2026-09-30", null)]
    [InlineData("2027-01-05", "FY2026 Q4")] // across a year end
    public void The_pulse_asks_about_the_last_quarter_in_the_first_two_weeks(string today, string? about) =>
        AllyshipPulse.AskedAbout(DateOnly.Parse(today), 1)?.Label.ShouldBe(about);

    [Fact]
    public void Confirmation_rate_counts_unanswered_as_not_confirmed_and_didnt_happen_among_answers()
    {
        var r = new VoiceNumbers.Rate(Asked: 10, Confirmed: 5, DidNotHappen: 2, UsefulnessSum: 17, UsefulnessCount: 4);
        (r.ConfirmationRate, r.Answered, VoiceNumbers.Points(r.DidNotHappenShare), r.AverageUsefulness).ShouldBe((0.5, 7, 29, 4.3));
        VoiceNumbers.Rate.None.ConfirmationRate.ShouldBe(0);
        VoiceNumbers.Rate.None.AverageUsefulness.ShouldBeNull();
        (r + r).Asked.ShouldBe(20);
    }

    [Fact]
    public void The_gap_is_shown_only_when_both_sides_reach_the_group_size()
    {
        var quarter = FiscalQuarter.Containing(new DateOnly(2026, 8, 1), 1);
        var shown = new VoiceNumbers.PulseQuarter(quarter, new(100, 77, 5), new(100, 41, 5));
        shown.GapPoints.ShouldBe(36); // 77% against 41%
        new VoiceNumbers.PulseQuarter(quarter, new(100, 77, 5), new(4, 1, 5)).GapPoints.ShouldBeNull();
        new VoiceNumbers.PulseSideNumbers(4, 4, 5).AgreeShare.ShouldBeNull();
        new VoiceNumbers.PulseSideNumbers(0, 0, 1).Shown.ShouldBeFalse();
    }

    [Fact]
    public void A_colleague_who_asked_not_to_be_named_is_a_colleague_except_to_the_mentor_who_logged_it()
    {
        new Colleague { Name = "Amara", NotNamed = true }.NameFor(viewerLoggedIt: false).ShouldBe("a colleague");
        new Colleague { Name = "Amara", NotNamed = true }.NameFor(viewerLoggedIt: true).ShouldBe("Amara");
        new Colleague { Name = "Amara" }.NameFor(viewerLoggedIt: false).ShouldBe("Amara");
        Confirmation.StateLabel(null).ShouldBe("Not confirmed yet");
        Confirmation.StateLabel(ConfirmationAnswer.DidNotHappen).ShouldBe("She didn't recognise this");
    }
}

public sealed class SpreadRulesTests
{
    [Fact]
    public void Gini_is_zero_when_even_and_grows_as_sponsorship_concentrates()
    {
        Allyship.Web.Features.Insights.SpreadNumbers.Gini([3, 3, 3, 3]).ShouldBe(0);
        Allyship.Web.Features.Insights.SpreadNumbers.Gini([0, 0, 0, 4]).ShouldBe(0.75, 1e-9);
        Allyship.Web.Features.Insights.SpreadNumbers.Gini([5, 2, 1, 0, 0]).ShouldBe(0.6, 1e-9);
        Allyship.Web.Features.Insights.SpreadNumbers.Gini([]).ShouldBe(0);
    }

    [Fact]
    public void The_top_tenth_is_at_least_one_colleague()
    {
        Allyship.Web.Features.Insights.SpreadNumbers.TopTenthShare([5, 2, 1, 0, 0]).ShouldBe(5 / 8.0, 1e-9);
        Allyship.Web.Features.Insights.SpreadNumbers.TopTenthShare(Enumerable.Repeat(1, 20).ToList()).ShouldBe(0.1, 1e-9); // 2 of 20
        Allyship.Web.Features.Insights.SpreadNumbers.TopTenthShare([0, 0]).ShouldBe(0);
    }
}
