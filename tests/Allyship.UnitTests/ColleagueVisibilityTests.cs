using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.UnitTests;

/// <summary>Who a colleague may be shown to, named to and emailed by: the four rules on <see cref="Colleague"/> (issue 32).</summary>
public sealed class ColleagueVisibilityTests
{
    private static Colleague Amara(bool erased = false, bool notNamed = false, bool emailsStopped = false) => new()
    {
        Id = 1, Name = "Amara Okafor", Email = erased ? $"erased-colleague-1@{Colleague.ErasedDomain}" : "amara@example.org",
        NotNamed = notNamed, EmailsStopped = emailsStopped,
    };

    [Fact]
    public void An_erased_colleague_is_no_longer_present()
    {
        Amara().IsPresent.ShouldBeTrue();
        Amara(notNamed: true, emailsStopped: true).IsPresent.ShouldBeTrue(); // her choices hide her, they do not erase her
        Amara(erased: true).IsPresent.ShouldBeFalse();
    }

    [Fact]
    public void A_colleague_who_left_stays_present_but_is_neither_offered_nor_emailed()
    {
        var left = Amara();
        left.LeftUtc = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        left.IsPresent.ShouldBeTrue(); // her history still counts
        left.IsStillHere.ShouldBeFalse();
        left.IsPickable.ShouldBeFalse();
        left.IsEmailable.ShouldBeFalse();
        left.IsNameable.ShouldBeTrue(); // her past actions still name her where they did
    }

    [Fact]
    public void A_colleague_who_asked_not_to_be_named_is_not_nameable_and_her_other_choice_does_not_matter()
    {
        Amara().IsNameable.ShouldBeTrue();
        Amara(emailsStopped: true).IsNameable.ShouldBeTrue();
        Amara(notNamed: true).IsNameable.ShouldBeFalse();
    }

    [Fact]
    public void Pickers_offer_a_colleague_who_is_present_and_nameable_even_when_she_stopped_emails()
    {
        Amara().IsPickable.ShouldBeTrue();
        Amara(emailsStopped: true).IsPickable.ShouldBeTrue();
        Amara(notNamed: true).IsPickable.ShouldBeFalse();
        Amara(erased: true).IsPickable.ShouldBeFalse();
    }

    [Fact]
    public void The_program_emails_a_colleague_who_is_present_and_did_not_stop_emails_even_when_she_is_not_named()
    {
        Amara().IsEmailable.ShouldBeTrue();
        Amara(notNamed: true).IsEmailable.ShouldBeTrue();
        Amara(emailsStopped: true).IsEmailable.ShouldBeFalse();
        Amara(erased: true).IsEmailable.ShouldBeFalse();
    }

    [Fact]
    public void Only_the_mentor_who_logged_it_sees_the_name_of_a_colleague_who_asked_not_to_be_named()
    {
        Amara(notNamed: true).NameFor(viewerLoggedIt: true).ShouldBe("Amara Okafor");
        Amara(notNamed: true).NameFor(viewerLoggedIt: false).ShouldBe(Colleague.Unnamed);
        Amara().NameFor(viewerLoggedIt: false).ShouldBe("Amara Okafor");
    }

    [Fact]
    public void Queries_and_loaded_colleagues_ask_the_same_rules()
    {
        Colleague[] everyone =
        [
            Amara(), Amara(notNamed: true), Amara(emailsStopped: true), Amara(notNamed: true, emailsStopped: true),
            Amara(erased: true), Amara(erased: true, notNamed: true),
        ];
        var query = everyone.AsQueryable();
        query.Where(Colleague.Present).ShouldBe(everyone.Where(c => c.IsPresent));
        query.Where(Colleague.Nameable).ShouldBe(everyone.Where(c => c.IsNameable));
        query.Where(Colleague.Pickable).ShouldBe(everyone.Where(c => c.IsPickable));
        query.Where(Colleague.Emailable).ShouldBe(everyone.Where(c => c.IsEmailable));
        query.Where(Colleague.Pickable).Count().ShouldBe(2);
        query.Where(Colleague.Emailable).Count().ShouldBe(2);
    }

    [Fact]
    public void The_composed_rules_translate_to_sql()
    {
        using var db = new AllyshipDbContext(new DbContextOptionsBuilder<AllyshipDbContext>().UseSqlite("Data Source=:memory:").Options);
        var sql = db.Colleagues.Where(Colleague.Pickable).Where(Colleague.Emailable).ToQueryString();
        sql.ShouldContain("NotNamed");
        sql.ShouldContain("EmailsStopped");
        sql.ShouldContain("erased.invalid");
        db.Actions.Where(Colleague.Pickable.Through((PledgeAction a) => a.Colleague)).ToQueryString().ShouldContain("JOIN");
    }

    [Fact]
    public void Rules_compose_with_and_or_and_not()
    {
        var one = Amara();
        var unnamed = Amara(notNamed: true);
        var items = new[] { one, unnamed }.AsQueryable();
        items.Where(Colleague.Nameable.Not()).ShouldBe([unnamed]);
        items.Where(Colleague.Nameable.Or(c => c.NotNamed)).Count().ShouldBe(2);
        items.Where(Colleague.Present.And(Colleague.Nameable)).ShouldBe([one]);
    }
}
