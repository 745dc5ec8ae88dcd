using Allyship.Web.Features.Insights;

namespace Allyship.UnitTests;

/// <summary>The one small-group rule: what is named, what merges into "Other", and when "Other" itself is hidden.</summary>
public sealed class SmallGroupsTests
{
    private const string Other = "Other";

    private static SmallGroups.Plan Plan(int min, params (string Key, int Size)[] groups) =>
        SmallGroups.Merge(groups.Select(g => new SmallGroups.Group(g.Key, g.Size)), min, Other);

    /// <summary>What an attacker gets from the table: the total minus every named row.</summary>
    private static int Remainder(SmallGroups.Plan plan, params (string Key, int Size)[] groups) =>
        groups.Sum(g => g.Size) - groups.Where(g => plan.Named.Contains(g.Key)).Sum(g => g.Size);

    [Fact]
    public void Groups_at_the_minimum_or_above_are_named_and_nothing_is_merged()
    {
        var plan = Plan(5, ("Sales", 5), ("Legal", 9));
        plan.Named.ShouldBe(["Sales", "Legal"], ignoreOrder: true);
        plan.OtherShown.ShouldBeFalse();
        plan.NameOf("Sales").ShouldBe("Sales");
    }

    [Fact]
    public void Small_groups_that_reach_the_minimum_together_are_one_shown_Other_row()
    {
        var plan = Plan(5, ("Sales", 8), ("Legal", 2), ("Ops", 3));
        plan.Named.ShouldBe(["Sales"]);
        plan.NameOf("Legal").ShouldBe(Other);
        plan.NameOf("Ops").ShouldBe(Other);
        plan.OtherShown.ShouldBeTrue();
        Remainder(plan, ("Sales", 8), ("Legal", 2), ("Ops", 3)).ShouldBe(5);
    }

    [Fact]
    public void Other_alone_below_the_minimum_takes_the_next_smallest_named_group_so_the_total_gives_nothing_away()
    {
        var groups = new[] { ("Engineering", 12), ("Sales", 6), ("Legal", 1) };
        var plan = Plan(5, groups);
        plan.Named.ShouldBe(["Engineering"]); // Sales (the smallest named) joins Legal
        plan.NameOf("Sales").ShouldBe(Other);
        plan.OtherShown.ShouldBeTrue();
        Remainder(plan, groups).ShouldBe(7);
    }

    [Fact]
    public void Other_keeps_taking_groups_until_it_reaches_the_minimum()
    {
        var groups = new[] { ("A", 20), ("B", 5), ("C", 5), ("D", 1) };
        var plan = SmallGroups.Merge(groups.Select(g => new SmallGroups.Group(g.Item1, g.Item2)), 12, Other);
        // D (1) is small; B (5) and C (5) are small at 12 too; 11 < 12, so A joins and nothing is named.
        plan.Named.ShouldBeEmpty();
        plan.OtherShown.ShouldBeTrue();
    }

    [Fact]
    public void When_every_group_is_small_and_together_below_the_minimum_Other_is_hidden_too()
    {
        var plan = Plan(5, ("Legal", 1), ("Ops", 2));
        plan.Named.ShouldBeEmpty();
        plan.OtherShown.ShouldBeFalse();
        plan.Shows(Other).ShouldBeFalse();
        plan.Rows<string, string>(["Legal", "Ops", "Ops"], k => k, (name, items) => name).ShouldBeEmpty();
    }

    [Fact]
    public void When_every_group_is_small_but_together_at_the_minimum_Other_is_shown()
    {
        var plan = Plan(5, ("Legal", 2), ("Ops", 3));
        plan.Named.ShouldBeEmpty();
        plan.OtherShown.ShouldBeTrue();
    }

    [Fact]
    public void Over_several_programs_a_group_is_named_only_where_every_program_names_it_too()
    {
        // Program 1: Sales 8, Engineering 5, Legal 2 (Legal merges, and Engineering, the smallest named, joins it).
        // Program 2: Sales 1, Operations 6 (Sales merges, and Operations joins it).
        SmallGroups.Group[] one = [new("Sales", 8), new("Engineering", 5), new("Legal", 2)];
        SmallGroups.Group[] two = [new("Sales", 1), new("Operations", 6)];
        var plan = SmallGroups.Merge([new("Sales", 9), new("Engineering", 5), new("Legal", 2), new("Operations", 6)], 5, Other, perProgram: [one, two]);
        // Sales: program 2's one mentor would be all-programs minus program 1. Engineering and Operations: each program's
        // "Other" minus the all-programs row would give its small group.
        plan.Named.ShouldBeEmpty();
        plan.OtherShown.ShouldBeTrue();
        SmallGroups.Merge([new("Sales", 13), new("Operations", 6)], 5, Other, perProgram: [[new("Sales", 8)], [new("Sales", 5), new("Operations", 6)]])
            .Named.ShouldBe(["Sales", "Operations"], ignoreOrder: true);
    }

    [Fact]
    public void A_key_the_plan_never_saw_is_published_as_Other()
    {
        Plan(5, ("Sales", 9)).NameOf("Moved in since").ShouldBe(Other);
    }

    [Fact]
    public void Merged_sizes_count_distinct_people_when_the_caller_says_how()
    {
        // One person in two small groups: added, they would look like two.
        var plan = SmallGroups.Merge([new("A", 9), new("B", 1), new("C", 1)], 2, Other, keys => keys.Contains("A") ? 9 : 1);
        plan.Named.ShouldBeEmpty();
        plan.OtherShown.ShouldBeTrue();
    }

    [Fact]
    public void Rows_put_Other_last_and_named_rows_in_name_order()
    {
        var plan = Plan(2, ("Sales", 3), ("Art", 2), ("Legal", 1), ("Ops", 1));
        plan.Rows(new[] { ("Sales", 1), ("Art", 2), ("Legal", 3), ("Ops", 4) }, x => x.Item1, (name, items) => (name, items.Sum(i => i.Item2)))
            .ShouldBe([("Art", 2), ("Sales", 1), (Other, 7)]);
    }

    [Theory]
    [InlineData(0, 5, false)]
    [InlineData(4, 5, false)]
    [InlineData(5, 5, true)]
    [InlineData(1, 1, true)]
    public void One_group_is_shown_from_the_minimum(int size, int min, bool shown) => SmallGroups.Shows(size, min).ShouldBe(shown);
}
