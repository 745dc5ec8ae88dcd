using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;

namespace Allyship.UnitTests;

public sealed class ActionRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 25); // a Wednesday
    private static readonly LoggableDays Program = LoggableDays.For(new DateOnly(2026, 1, 5), null, Today);

    private static ActionInput Valid() => new() { ProgramId = 1, Kind = "Coffee", OccurredOn = Today, Minutes = 30, ColleagueId = 7 };

    private static List<FieldError> Check(Action<ActionInput> change, LoggableDays? program = null, bool colleagueKnown = true)
    {
        var input = Valid();
        change(input);
        return ActionRules.Validate(input, program ?? Program, colleagueKnown);
    }

    [Fact]
    public void A_valid_action_has_no_errors() => Check(_ => { }).ShouldBeEmpty();

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(241)]
    public void Minutes_outside_1_to_240_are_refused(int minutes) =>
        Check(i => i.Minutes = minutes).ShouldHaveSingleItem().ShouldBe(new FieldError("Minutes", "Minutes must be between 1 and 240."));

    [Theory]
    [InlineData(1)]
    [InlineData(240)]
    public void Minutes_at_the_limits_are_fine(int minutes) => Check(i => i.Minutes = minutes).ShouldBeEmpty();

    [Fact]
    public void A_future_date_is_refused() =>
        Check(i => i.OccurredOn = Today.AddDays(1)).ShouldHaveSingleItem().Message.ShouldContain("can't be in the future");

    [Fact]
    public void A_date_before_the_program_started_is_refused() =>
        Check(i => i.OccurredOn = new DateOnly(2026, 11, 17), LoggableDays.For(new DateOnly(2026, 11, 18), null, Today))
            .ShouldHaveSingleItem().Message.ShouldContain("before the program started");

    [Fact]
    public void A_date_after_the_program_ended_is_refused() =>
        Check(i => i.OccurredOn = Today, LoggableDays.For(new DateOnly(2026, 1, 5), new DateOnly(2026, 11, 20), Today))
            .ShouldHaveSingleItem().Message.ShouldContain("after the program ended");

    [Fact]
    public void Last_week_can_still_be_logged_but_not_the_week_before() // open week is 23 Nov; last week began 16 Nov
    {
        Check(i => i.OccurredOn = new DateOnly(2026, 11, 16)).ShouldBeEmpty();
        Check(i => i.OccurredOn = new DateOnly(2026, 11, 15)).ShouldHaveSingleItem().Message.ShouldContain("older weeks are closed");
    }

    [Fact]
    public void A_missing_date_is_refused() => Check(i => i.OccurredOn = null).ShouldHaveSingleItem().Field.ShouldBe("OccurredOn");

    [Fact]
    public void No_colleague_is_refused() =>
        Check(i => i.ColleagueId = null).ShouldHaveSingleItem().Message.ShouldBe("Choose a colleague, or add someone new with their name and email.");

    [Fact]
    public void An_unknown_colleague_is_refused() =>
        Check(_ => { }, colleagueKnown: false).ShouldHaveSingleItem().Field.ShouldBe("ColleagueId");

    [Fact]
    public void A_new_colleague_needs_a_name_and_a_well_formed_email()
    {
        Check(i => { i.ColleagueId = null; i.NewColleagueName = "Ada"; i.NewColleagueEmail = "ada@example.com"; }).ShouldBeEmpty();
        Check(i => { i.ColleagueId = null; i.NewColleagueName = "Ada"; i.NewColleagueEmail = "ada@"; })
            .ShouldHaveSingleItem().ShouldBe(new FieldError("NewColleagueEmail", "“ada@” is not an email address: enter one like name@example.com."));
        Check(i => { i.ColleagueId = null; i.NewColleagueEmail = "ada@example.com"; })
            .ShouldHaveSingleItem().Field.ShouldBe("NewColleagueName");
        Check(i => { i.ColleagueId = null; i.NewColleagueName = "Ada"; })
            .ShouldHaveSingleItem().Field.ShouldBe("NewColleagueEmail");
    }

    [Theory]
    [InlineData("PrivateNotes", 4000, true)]
    [InlineData("PrivateNotes", 4001, false)]
    [InlineData("Topics", 1001, false)]
    [InlineData("Achievement", 1001, false)]
    [InlineData("WhereGiven", 201, false)]
    [InlineData("SeniorLeader", 201, false)]
    [InlineData("Accomplishment", 1001, false)]
    public void Text_fields_have_limits(string field, int length, bool ok)
    {
        var errors = Check(i => typeof(ActionInput).GetProperty(field)!.SetValue(i, new string('x', length)));
        if (ok)
        {
            errors.ShouldBeEmpty();
        }
        else
        {
            errors.ShouldHaveSingleItem().Field.ShouldBe(field);
        }
    }

    [Theory]
    [InlineData("name@example.com", true)]
    [InlineData("first.last+tag@sub.example.org", true)]
    [InlineData("name@localhost", false)]
    [InlineData("name example@x.com", false)]
    [InlineData("Name <name@example.com>", false)]
    [InlineData("@example.com", false)]
    [InlineData("", false)]
    public void Emails_are_checked(string email, bool valid) => EmailAddress.IsValid(email).ShouldBe(valid);

    [Theory]
    [InlineData("Coffee", ActionKind.Coffee)]
    [InlineData("shout-out", ActionKind.ShoutOut)]
    [InlineData("SPONSORNOTE", ActionKind.SponsorNote)]
    public void Action_kinds_parse_by_name_or_slug(string value, ActionKind kind)
    {
        ActionKinds.TryParse(value, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(kind);
    }

    [Theory]
    [InlineData("Lunch")]
    [InlineData("4")]
    [InlineData("1")]
    [InlineData(null)]
    public void Unknown_action_kinds_do_not_parse(string? value) => ActionKinds.TryParse(value, out _).ShouldBeFalse();

    [Theory]
    [InlineData(ActionKind.Coffee, "Chen Brown", null, "Coffee with Chen Brown")]
    [InlineData(ActionKind.ShoutOut, "Chen Brown", "ignored", "Shout-out for Chen Brown")]
    [InlineData(ActionKind.SponsorNote, "Dana Lopez", " Helen Park ", "Told Helen Park about Dana Lopez")]
    [InlineData(ActionKind.SponsorNote, "Dana Lopez", "", "Sponsor note for Dana Lopez")]
    public void An_action_reads_as_what_the_mentor_did_for_her(ActionKind kind, string colleague, string? leader, string title)
    {
        kind.Title(colleague, leader).ShouldBe(title);
        new ActionRow(1, kind, new DateOnly(2026, 12, 2), 30, colleague, null, SeniorLeader: leader).Title.ShouldBe(title);
    }
}
