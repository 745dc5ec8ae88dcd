using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// What the dashboard needs from one closed week, read once and kept in memory: the rollups summed per department,
/// the distinct (kind, colleague) pairs reached, and the mentors who logged anything. A closed week only changes through
/// a grace-week edit, which evicts it (<see cref="Evict"/>); entries also expire after ten minutes, which bounds how stale
/// another instance's copy can be when several run behind a load balancer.
/// </summary>
public sealed class ClosedWeekCache(IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public sealed record DepartmentTotals(string Department, int Counted, int Complete, int Minutes, int Active, int Coffees, int ShoutOuts, int SponsorNotes);

    public sealed record Week(IReadOnlyList<DepartmentTotals> Departments, IReadOnlySet<(ActionKind Kind, int ColleagueId)> Reached, IReadOnlySet<string> ActiveMentors,
        (int Coffees, int ShoutOuts, int SponsorNotes) Targets);

    public async Task<Week> GetAsync(AllyshipDbContext db, int programId, DateOnly weekStart, WeeklyTargets t, CancellationToken ct)
    {
        var key = Key(programId, weekStart);
        var targets = (t.Coffees, t.ShoutOuts, t.SponsorNotes);
        // Per-kind completion depends on the targets: after a change of targets the week is read again.
        if (cache.TryGetValue(key, out Week? week) && week is not null && week.Targets == targets)
        {
            return week;
        }

        // The database groups the week's rows by their numbers (a few hundred groups for thousands of mentors); which
        // groups met a target is then decided by the one rule, WeeklyTargets.IsMetBy, not restated in SQL.
        var groups = await db.WeeklyRollups.AsNoTracking()
            .Where(r => r.ProgramId == programId && r.WeekStart == weekStart)
            .GroupBy(r => new { r.Department, r.Paused, r.Complete, r.Coffees, r.ShoutOuts, r.SponsorNotes })
            .Select(g => new { g.Key.Department, g.Key.Paused, g.Key.Complete, g.Key.Coffees, g.Key.ShoutOuts, g.Key.SponsorNotes, Mentors = g.Count(), Minutes = g.Sum(r => r.Minutes) })
            .ToListAsync(ct);
        var departments = groups
            .GroupBy(g => g.Department ?? "")
            .Select(d =>
            {
                int Count(Func<KindCounts, bool, bool> counts) =>
                    d.Where(g => counts(new KindCounts(g.Coffees, g.ShoutOuts, g.SponsorNotes), g.Paused)).Sum(g => g.Mentors);
                int Done(ActionKind kind) => Count((c, paused) => !paused && t.IsMetBy(kind, c.Of(kind)));
                return new DepartmentTotals(d.Key, Count((_, paused) => !paused), d.Where(g => g.Complete).Sum(g => g.Mentors),
                    d.Sum(g => g.Minutes), Count((c, _) => c.Any), Done(ActionKind.Coffee), Done(ActionKind.ShoutOut), Done(ActionKind.SponsorNote));
            })
            .ToList();
        var actions = await db.Actions.AsNoTracking()
            .Where(a => a.ProgramId == programId && a.WeekStart == weekStart)
            .Select(a => new { a.Kind, a.ColleagueId, a.MentorId })
            .ToListAsync(ct);
        week = new Week(departments,
            actions.Select(a => (a.Kind, a.ColleagueId)).ToHashSet(),
            actions.Select(a => a.MentorId).ToHashSet(StringComparer.Ordinal), targets);
        cache.Set(key, week, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return week;
    }

    public void Evict(int programId, DateOnly weekStart) => cache.Remove(Key(programId, weekStart));

    private static string Key(int programId, DateOnly weekStart) => $"dashboard:closed:{programId}:{weekStart:yyyy-MM-dd}";
}
