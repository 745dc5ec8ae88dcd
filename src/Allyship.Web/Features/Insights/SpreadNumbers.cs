using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// How sponsorship spreads across colleagues, computed once for the program dashboard and HR's Spread sheet: colleagues
/// reached by each kind, the share of sponsor notes and shout-outs that went to the top 10% of colleagues reached, the
/// Gini coefficient of sponsor notes across them, the program's target levels reached or not, and the overlooked: at a
/// target level, no shout-out and no sponsor note in the last 12 weeks.
/// </summary>
public static class SpreadNumbers
{
    public const int OverlookedWeeks = 12;
    public const int OverlookedShown = 50;

    /// <summary>What one colleague received in the period.</summary>
    public readonly record struct Received(int Coffees, int ShoutOuts, int SponsorNotes)
    {
        public static Received operator +(Received a, Received b) => new(a.Coffees + b.Coffees, a.ShoutOuts + b.ShoutOuts, a.SponsorNotes + b.SponsorNotes);
    }

    public sealed record Overlooked(int Id, string Name, string? Department, string? Level);

    public sealed record Model(
        int Reached, int ReachedByCoffee, int ReachedByShoutOut, int ReachedBySponsorNote,
        double TopTenthSponsorNoteShare, double TopTenthShoutOutShare, double SponsorNoteGini,
        IReadOnlyList<string> TargetLevels, int AtTargetLevels, int AtTargetLevelsReached,
        IReadOnlyList<(string Bucket, int Colleagues)> Distribution,
        IReadOnlyList<Overlooked> OverlookedShownList, int OverlookedCount, IReadOnlyList<(string Department, int Colleagues)> OverlookedByDepartment);

    /// <summary>
    /// The Gini coefficient of non-negative values: 0 when everyone has the same, towards 1 when one has everything.
    /// G = 2·Σ i·x(i) / (n·Σx) − (n+1)/n over the values sorted ascending, i from 1. Zero when there is nothing to share.
    /// </summary>
    public static double Gini(IReadOnlyCollection<int> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        var n = sorted.Count;
        long total = sorted.Sum(v => (long)v);
        if (n == 0 || total == 0)
        {
            return 0;
        }

        double weighted = 0;
        for (var i = 0; i < n; i++)
        {
            weighted += (i + 1) * (double)sorted[i];
        }

        return (2 * weighted / (n * (double)total)) - ((n + 1) / (double)n);
    }

    /// <summary>The share of the total held by the top tenth of the people counted (at least one person), largest first.</summary>
    public static double TopTenthShare(IReadOnlyCollection<int> values)
    {
        long total = values.Sum(v => (long)v);
        if (values.Count == 0 || total == 0)
        {
            return 0;
        }

        var top = (int)Math.Ceiling(values.Count / 10.0);
        return values.OrderByDescending(v => v).Take(top).Sum(v => (long)v) / (double)total;
    }

    /// <summary>The distribution's buckets: how many colleagues reached received this many sponsor notes.</summary>
    public static IReadOnlyList<(string Bucket, int Colleagues)> Buckets(IEnumerable<int> sponsorNotes)
    {
        var list = sponsorNotes.ToList();
        return
        [
            ("0", list.Count(v => v == 0)), ("1", list.Count(v => v == 1)), ("2", list.Count(v => v == 2)),
            ("3–5", list.Count(v => v is >= 3 and <= 5)), ("6 or more", list.Count(v => v >= 6)),
        ];
    }

    /// <summary>
    /// The numbers, with each rolled-up week's per-colleague counts kept for 10 minutes (dropped by an edit in the grace
    /// week, as the dashboard's closed weeks are), and the directory kept while it is unchanged (<see cref="DataChanges"/>).
    /// </summary>
    public sealed class Handler(AllyshipDbContext db, DataChanges changes)
    {
        public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

        public async Task<Model> LoadAsync(IReadOnlyCollection<int> programIds, IReadOnlyList<string> targetLevels, DateOnly firstMonday, DateOnly lastMonday,
            DateOnly currentMonday, int minGroupSize, CancellationToken ct)
        {
            if (programIds.Count != 1)
            {
                return await ComputeAsync(programIds, targetLevels, firstMonday, lastMonday, currentMonday, minGroupSize, ct);
            }

            // One program's numbers (its dashboard) are kept whole under the program's live tags: any action change of the
            // program drops them, and the directory's fingerprint is part of the key, so an import or her own choice shows at once.
            var directory = await DirectoryFingerprintAsync(ct);
            var programId = programIds.First();
            return await changes.GetOrReadAsync(
                $"spread-model:{programId}:{string.Join('|', targetLevels)}:{firstMonday:yyyy-MM-dd}:{lastMonday:yyyy-MM-dd}:{currentMonday:yyyy-MM-dd}:{minGroupSize}:{directory}",
                LiveNumbers.Tags(programId), LiveNumbers.Lifetime,
                () => ComputeAsync(programIds, targetLevels, firstMonday, lastMonday, currentMonday, minGroupSize, ct),
                model => LiveNumbers.ListBytes(model.OverlookedShownList.Count, 160) + LiveNumbers.ListBytes(model.OverlookedByDepartment.Count, 120) + 2048, ct);
        }

        private async Task<Model> ComputeAsync(IReadOnlyCollection<int> programIds, IReadOnlyList<string> targetLevels, DateOnly firstMonday, DateOnly lastMonday,
            DateOnly currentMonday, int minGroupSize, CancellationToken ct)
        {
            var overlookedFrom = currentMonday.AddDays(-7 * (OverlookedWeeks - 1));
            var from = firstMonday < overlookedFrom ? firstMonday : overlookedFrom;
            var to = lastMonday > currentMonday ? lastMonday : currentMonday;
            var weeks = new Dictionary<DateOnly, IReadOnlyDictionary<int, Received>>();
            foreach (var programId in programIds)
            {
                // Closed weeks (rolled up) come from the cache, evicted by an edit in the grace week (RollupRefresher);
                // the open week, and any ended week not rolled up yet, are read live in one query.
                var closed = (await db.ClosedWeeks.AsNoTracking().Where(c => c.ProgramId == programId && c.WeekStart >= from && c.WeekStart <= to)
                    .Select(c => c.WeekStart).ToListAsync(ct)).ToHashSet();
                var uncached = new List<DateOnly>();
                for (var week = from; week <= to; week = week.AddDays(7))
                {
                    if (closed.Contains(week))
                    {
                        var (id, monday) = (programId, week);
                        Add(weeks, week, await changes.GetOrReadAsync($"spread:{id}:{monday:yyyy-MM-dd}", [DataChanges.OfWeek(id, monday), DataChanges.AnyProgram], CacheFor,
                            async () => (await CountsAsync(id, monday, monday, ct)).GetValueOrDefault(monday) ?? new Dictionary<int, Received>(),
                            counts => LiveNumbers.ListBytes(counts.Count, 48), ct));
                    }
                    else
                    {
                        uncached.Add(week);
                    }
                }

                if (uncached.Count > 0)
                {
                    // Weeks not rolled up yet (the open week) are read together and kept under the program's live tags,
                    // dropped by every action change of the program.
                    var (id, from2, to2) = (programId, uncached.Min(), uncached.Max());
                    var liveRead = await changes.GetOrReadAsync($"spread:{id}:{from2:yyyy-MM-dd}:{to2:yyyy-MM-dd}", LiveNumbers.Tags(id), LiveNumbers.Lifetime,
                        () => CountsAsync(id, from2, to2, ct), read => read.Values.Sum(w => LiveNumbers.ListBytes(w.Count, 48)), ct);
                    foreach (var week in uncached)
                    {
                        Add(weeks, week, liveRead.GetValueOrDefault(week) ?? new Dictionary<int, Received>());
                    }
                }
            }

            var period = Sum(weeks.Where(w => w.Key >= firstMonday && w.Key <= lastMonday).Select(w => w.Value));
            var sponsored = Sum(weeks.Where(w => w.Key >= overlookedFrom && w.Key <= currentMonday).Select(w => w.Value))
                .Where(c => c.Value.ShoutOuts + c.Value.SponsorNotes > 0).Select(c => c.Key).ToHashSet();

            // The directory at the target levels: present, and not asking to stay unnamed (never listed, never suggested).
            var levels = new HashSet<string>(targetLevels, StringComparer.OrdinalIgnoreCase);
            var atLevels = (await DirectoryAsync(ct)).Where(c => levels.Count == 0 || (c.Level is not null && levels.Contains(c.Level))).ToList();
            var overlooked = atLevels.Where(c => !sponsored.Contains(c.Id)).OrderBy(c => c.Department ?? "\uffff", StringComparer.CurrentCulture)
                .ThenBy(c => c.Name, StringComparer.CurrentCulture).ToList();
            var byDepartment = SmallGroups.Merge(
                    overlooked.GroupBy(c => c.Department ?? GroupNames.NoDepartment).Select(g => new SmallGroups.Group(g.Key, g.Count())),
                    minGroupSize, GroupNames.OtherDepartment(minGroupSize, "colleagues"))
                .Rows(overlooked, c => c.Department ?? GroupNames.NoDepartment, (name, g) => (name, g.Count));

            var sponsorNotes = period.Values.Select(v => v.SponsorNotes).ToList();
            return new Model(
                period.Count, period.Values.Count(v => v.Coffees > 0), period.Values.Count(v => v.ShoutOuts > 0), period.Values.Count(v => v.SponsorNotes > 0),
                TopTenthShare(sponsorNotes), TopTenthShare(period.Values.Select(v => v.ShoutOuts).ToList()), Gini(sponsorNotes),
                targetLevels, atLevels.Count, atLevels.Count(c => period.ContainsKey(c.Id)),
                Buckets(sponsorNotes),
                overlooked.Take(OverlookedShown).ToList(), overlooked.Count, byDepartment);
        }

        private static void Add(Dictionary<DateOnly, IReadOnlyDictionary<int, Received>> weeks, DateOnly week, IReadOnlyDictionary<int, Received> counts) =>
            weeks[week] = weeks.TryGetValue(week, out var earlier) ? Sum([earlier, counts]) : counts;

        /// <summary>
        /// The directory colleagues who may be listed (present, not asking to stay unnamed), cached while the directory is
        /// unchanged: its count and latest UpdatedUtc are the fingerprint (an edit, an import or her own choice stamps it).
        /// </summary>
        private async Task<List<Overlooked>> DirectoryAsync(CancellationToken ct) =>
            await changes.GetOrReadAsync($"spread:directory:{await DirectoryFingerprintAsync(ct)}", Directory, CacheFor,
                () => db.Colleagues.AsNoTracking().Where(Colleague.Pickable).Select(c => new Overlooked(c.Id, c.Name, c.Department, c.Level)).ToListAsync(ct),
                listed => LiveNumbers.ListBytes(listed.Count, 160), ct);

        private static readonly IReadOnlyCollection<string> Directory = [DataChanges.Of<Colleague>()];

        /// <summary>
        /// The directory's count and latest change: what changes when an import, an edit or her own choice does. A read of
        /// every colleague, so kept until a colleague changes (<see cref="DataChanges"/>, on any
        /// instance): at 30,000 mentors it was about half of a cached dashboard view.
        /// </summary>
        private Task<string> DirectoryFingerprintAsync(CancellationToken ct) =>
            changes.GetOrReadAsync("spread:directory-fingerprint", Directory, LiveNumbers.Lifetime, async () =>
            {
                var fingerprint = await db.Colleagues.GroupBy(c => 1).Select(g => new { Count = g.Count(), Latest = g.Max(c => c.UpdatedUtc) }).FirstOrDefaultAsync(ct);
                return $"{fingerprint?.Count}:{fingerprint?.Latest.Ticks}";
            }, ct: ct);

        /// <summary>Per week, what each colleague received in the program: one grouped read of the actions' covering index.</summary>
        private async Task<Dictionary<DateOnly, IReadOnlyDictionary<int, Received>>> CountsAsync(int programId, DateOnly from, DateOnly to, CancellationToken ct) =>
            (await db.Actions.AsNoTracking()
                .Where(a => a.ProgramId == programId && a.WeekStart >= from && a.WeekStart <= to)
                .GroupBy(a => new { a.WeekStart, a.ColleagueId })
                .Select(g => new
                {
                    g.Key.WeekStart, g.Key.ColleagueId,
                    Coffees = g.Count(a => a.Kind == ActionKind.Coffee), ShoutOuts = g.Count(a => a.Kind == ActionKind.ShoutOut),
                    SponsorNotes = g.Count(a => a.Kind == ActionKind.SponsorNote),
                })
                .ToListAsync(ct))
            .GroupBy(x => x.WeekStart)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<int, Received>)g.ToDictionary(x => x.ColleagueId, x => new Received(x.Coffees, x.ShoutOuts, x.SponsorNotes)));

        private static Dictionary<int, Received> Sum(IEnumerable<IReadOnlyDictionary<int, Received>> weeks)
        {
            var total = new Dictionary<int, Received>();
            foreach (var week in weeks)
            {
                foreach (var (id, r) in week)
                {
                    total[id] = total.TryGetValue(id, out var sum) ? sum + r : r;
                }
            }

            return total;
        }
    }
}
