namespace Allyship.Web.Features.Insights;

/// <summary>
/// The one small-group rule (Reporting:MinGroupSize), for every aggregate that splits people into groups: report sheets,
/// the report preview and the dashboard's voice and spread sections. What it guarantees is written in docs/privacy.md
/// (<i>Small groups</i>), and tests/Allyship.IntegrationTests/SmallGroupDifferencingTests.cs attacks it.
/// <list type="number">
/// <item>A group below the minimum is never shown on its own: it merges into the one "Other" row.</item>
/// <item>When "Other" is itself below the minimum, the smallest named groups join it until it is not, so a table's total
/// minus its named rows is always a group of at least the minimum.</item>
/// <item>When even everything together is below the minimum, "Other" is not shown (<see cref="Plan.OtherShown"/>).</item>
/// <item>In a table over several programs, a group is named only when, in every program, it is empty or named in that
/// program's own table: so no program's table minus the all-programs table (or the other way round) leaves a part below
/// the minimum, and a group "Other" hides in one program is not named beside it in the all-programs table.</item>
/// </list>
/// </summary>
public static class SmallGroups
{
    /// <summary>A group to publish: its key and its size (distinct people).</summary>
    public sealed record Group(string Key, int Size);

    /// <summary>One group shown on its own (a pulse side, an outcome group): not empty and at least the minimum.</summary>
    public static bool Shows(int size, int minGroupSize) => size > 0 && size >= minGroupSize;

    /// <summary>
    /// Where each group is published: under its own key, or under <paramref name="other"/>; and whether "Other" is shown.
    /// <paramref name="sizeOfMerged"/> counts the people in a set of merged groups (distinct, when someone can be in two);
    /// without it the sizes are added. <paramref name="perProgram"/>, for a table over several programs, holds the same
    /// groups in each program alone (what that program's own table is made from).
    /// </summary>
    public static Plan Merge(IEnumerable<Group> groups, int minGroupSize, string other, Func<IReadOnlyCollection<string>, int>? sizeOfMerged = null,
        IReadOnlyList<IReadOnlyList<Group>>? perProgram = null)
    {
        var all = groups.ToList();
        sizeOfMerged ??= keys => all.Where(g => keys.Contains(g.Key)).Sum(g => g.Size);
        var programs = (perProgram ?? []).Select(p => (Groups: p, Plan: Merge(p, minGroupSize, other))).ToList();
        bool NamedInEveryProgram(string key) =>
            programs.All(p => !p.Groups.Any(g => g.Key == key && g.Size > 0) || p.Plan.Named.Contains(key));
        var hidden = all.Where(g => !Shows(g.Size, minGroupSize) || !NamedInEveryProgram(g.Key)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        if (sizeOfMerged(hidden) > 0)
        {
            // The next smallest named group joins "Other" until the hidden total reaches the minimum (ties: the later key).
            var named = all.Where(g => !hidden.Contains(g.Key)).OrderBy(g => g.Size).ThenByDescending(g => g.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < named.Count && sizeOfMerged(hidden) < minGroupSize; i++)
            {
                hidden.Add(named[i].Key);
            }
        }

        var shown = all.Select(g => g.Key).Where(k => !hidden.Contains(k)).ToHashSet(StringComparer.Ordinal);
        return new Plan(shown, other, Shows(sizeOfMerged(hidden), minGroupSize));
    }

    /// <summary>The outcome of <see cref="Merge"/>: the name each group is published under.</summary>
    public sealed record Plan(IReadOnlySet<string> Named, string Other, bool OtherShown)
    {
        /// <summary>The row a group's numbers go to: its own name if it is named, otherwise "Other" (a key the plan never saw too).</summary>
        public string NameOf(string key) => Named.Contains(key) ? key : Other;

        /// <summary>Whether a row of this name may be published (named rows always; "Other" when it is large enough).</summary>
        public bool Shows(string name) => name != Other || OtherShown;

        /// <summary>
        /// The published rows: <paramref name="items"/> grouped by the name of their group, "Other" last and left out when
        /// it is too small.
        /// </summary>
        public List<TRow> Rows<TItem, TRow>(IEnumerable<TItem> items, Func<TItem, string> keyOf, Func<string, IReadOnlyList<TItem>, TRow> row) =>
            items.GroupBy(i => NameOf(keyOf(i)), StringComparer.Ordinal)
                .Where(g => Shows(g.Key))
                .OrderBy(g => g.Key == Other).ThenBy(g => g.Key == GroupNames.NoDepartment).ThenBy(g => g.Key, StringComparer.CurrentCulture)
                .Select(g => row(g.Key, g.ToList()))
                .ToList();
    }
}
