using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// Promotions and exits beside sponsorship, for HR's Outcomes sheet and the report preview. Over the last four fiscal
/// quarters (ending with the report's), each directory colleague (not a senior leader, not erased, not gone before the
/// quarter) counts once per quarter, in the group of the sponsor notes she received in the four quarters before it (a note counts by its
/// week's Monday, as in every report):
/// none, some (1–3) or sustained (4 or more). A group's rates are the share of its colleague-quarters with a promotion,
/// or an exit. Groups with fewer distinct colleagues than Reporting:MinGroupSize show their size only.
/// </summary>
public static class OutcomeNumbers
{
    public const int Quarters = 4;
    public const int SustainedNotes = 4;

    /// <summary>Said wherever the numbers are shown: a pattern here is not a cause.</summary>
    public const string CorrelationSentence =
        "These numbers show correlation, not proof: colleagues who are sponsored may differ in other ways, and promotions have many causes.";

    public enum Group
    {
        None,
        Some,
        Sustained,
    }

    public static Group GroupOf(int sponsorNotes) => sponsorNotes switch
    {
        0 => Group.None,
        < SustainedNotes => Group.Some,
        _ => Group.Sustained,
    };

    public static string Label(Group group) => group switch
    {
        Group.None => "No sponsor notes",
        Group.Some => $"Some (1–{SustainedNotes - 1} sponsor notes)",
        _ => $"Sustained ({SustainedNotes} or more)",
    };

    public sealed record GroupRow(Group Group, int Colleagues, int ColleagueQuarters, int Promotions, int Exits, bool Shown)
    {
        public double? PromotionRate => Shown && ColleagueQuarters > 0 ? (double)Promotions / ColleagueQuarters : null;
        public double? ExitRate => Shown && ColleagueQuarters > 0 ? (double)Exits / ColleagueQuarters : null;
    }

    public sealed record Model(IReadOnlyList<FiscalQuarter> Window, IReadOnlyList<GroupRow> Groups, int Events, int MinGroupSize)
    {
        public string WindowLabel => $"{Window[0].Label} to {Window[^1].Label}";
    }

    public readonly record struct Event(int ColleagueId, DateOnly On, OutcomeKind Kind);

    /// <summary>
    /// The grouping, pure: <paramref name="notesBefore"/> gives, per quarter of the window (oldest first), each colleague's
    /// sponsor notes in the four quarters before it.
    /// </summary>
    public static List<GroupRow> Compute(IReadOnlyList<FiscalQuarter> window, IReadOnlyCollection<int> colleagues,
        IReadOnlyList<IReadOnlyDictionary<int, int>> notesBefore, IReadOnlyList<Event> events, int minGroupSize)
    {
        var exitedOn = events.Where(e => e.Kind == OutcomeKind.Exit).GroupBy(e => e.ColleagueId).ToDictionary(g => g.Key, g => g.Min(e => e.On));
        var tallies = Enum.GetValues<Group>().ToDictionary(g => g, _ => (Colleagues: new HashSet<int>(), Quarters: 0, Promotions: 0, Exits: 0));
        for (var i = 0; i < window.Count; i++)
        {
            var q = window[i];
            var promoted = events.Where(e => e.Kind == OutcomeKind.Promotion && e.On >= q.Start && e.On <= q.End).Select(e => e.ColleagueId).ToHashSet();
            foreach (var c in colleagues)
            {
                if (exitedOn.TryGetValue(c, out var exit) && exit < q.Start)
                {
                    continue; // gone before this quarter: not counted in it
                }

                var group = GroupOf(notesBefore[i].GetValueOrDefault(c));
                var t = tallies[group];
                t.Colleagues.Add(c);
                t.Quarters++;
                t.Promotions += promoted.Contains(c) ? 1 : 0;
                t.Exits += exitedOn.TryGetValue(c, out var e) && e >= q.Start && e <= q.End ? 1 : 0;
                tallies[group] = t;
            }
        }

        return tallies.Select(t => new GroupRow(t.Key, t.Value.Colleagues.Count, t.Value.Quarters, t.Value.Promotions, t.Value.Exits,
            SmallGroups.Shows(t.Value.Colleagues.Count, minGroupSize))).ToList();
    }

    /// <summary>The last four fiscal quarters ending with <paramref name="last"/>, oldest first.</summary>
    public static List<FiscalQuarter> WindowEndingWith(FiscalQuarter last, int fiscalYearStartMonth)
    {
        var list = new List<FiscalQuarter> { last };
        while (list.Count < Quarters)
        {
            list.Insert(0, list[0].Previous(fiscalYearStartMonth));
        }

        return list;
    }

    public sealed class Handler(AllyshipDbContext db)
    {
        /// <summary>The numbers for the programs' sponsor notes; set-based: one grouped count per quarter, the events of the window.</summary>
        public async Task<Model> LoadAsync(IReadOnlyList<int> programIds, FiscalQuarter last, int fiscalYearStartMonth, int minGroupSize, CancellationToken ct)
        {
            var window = WindowEndingWith(last, fiscalYearStartMonth);
            var colleagues = await db.Colleagues.AsNoTracking().Where(Colleague.Present).Where(c => !c.IsLeader).Select(c => c.Id).ToListAsync(ct);
            var notesBefore = new List<IReadOnlyDictionary<int, int>>();
            foreach (var q in window)
            {
                // By the week's Monday, as every report counts a week (and so a read of the dashboard's covering index).
                var from = q.Start.AddYears(-1);
                notesBefore.Add(await db.Actions.AsNoTracking()
                    .Where(a => programIds.Contains(a.ProgramId) && a.WeekStart >= from && a.WeekStart < q.Start && a.Kind == ActionKind.SponsorNote)
                    .GroupBy(a => a.ColleagueId).Select(g => new { g.Key, Notes = g.Count() })
                    .ToDictionaryAsync(g => g.Key, g => g.Notes, ct));
            }

            var end = window[^1].End;
            var events = await db.Outcomes.AsNoTracking().Where(o => o.OccurredOn <= end)
                .Where(o => o.Kind == OutcomeKind.Exit || o.OccurredOn >= window[0].Start)
                .Select(o => new Event(o.ColleagueId, o.OccurredOn, o.Kind)).ToListAsync(ct);
            var rows = Compute(window, colleagues, notesBefore, events, minGroupSize);
            return new Model(window, rows, events.Count(e => e.On >= window[0].Start), minGroupSize);
        }
    }
}
