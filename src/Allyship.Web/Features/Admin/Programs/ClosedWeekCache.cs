using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Allyship.Web.Features.Admin.Programs;

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

    public sealed record Week(IReadOnlyList<DepartmentTotals> Departments, IReadOnlySet<(ActionKind Kind, int ColleagueId)> Reached, IReadOnlySet<string> ActiveMentors);

    public async Task<Week> GetAsync(AllyshipDbContext db, int programId, DateOnly weekStart, WeeklyTargets t, CancellationToken ct)
    {
        var key = Key(programId, weekStart);
        if (cache.TryGetValue(key, out Week? week) && week is not null)
        {
            return week;
        }

        var departments = await db.WeeklyRollups.AsNoTracking()
            .Where(r => r.ProgramId == programId && r.WeekStart == weekStart)
            .GroupBy(r => r.Department)
            .Select(g => new DepartmentTotals(
                g.Key ?? "",
                g.Count(r => !r.Paused),
                g.Count(r => r.Complete),
                g.Sum(r => r.Minutes),
                g.Count(r => r.Coffees + r.ShoutOuts + r.SponsorNotes > 0),
                g.Count(r => !r.Paused && r.Coffees >= t.Coffees),
                g.Count(r => !r.Paused && r.ShoutOuts >= t.ShoutOuts),
                g.Count(r => !r.Paused && r.SponsorNotes >= t.SponsorNotes)))
            .ToListAsync(ct);
        var actions = await db.Actions.AsNoTracking()
            .Where(a => a.ProgramId == programId && a.WeekStart == weekStart)
            .Select(a => new { a.Kind, a.ColleagueId, a.MentorId })
            .ToListAsync(ct);
        week = new Week(departments,
            actions.Select(a => (a.Kind, a.ColleagueId)).ToHashSet(),
            actions.Select(a => a.MentorId).ToHashSet(StringComparer.Ordinal));
        cache.Set(key, week, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return week;
    }

    public void Evict(int programId, DateOnly weekStart) => cache.Remove(Key(programId, weekStart));

    private static string Key(int programId, DateOnly weekStart) => $"dashboard:closed:{programId}:{weekStart:yyyy-MM-dd}";
}
