using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Allyship.Web.Infrastructure.Database;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// What the dashboard needs from one closed week, read once and kept (<see cref="DataChanges"/>): the rollups summed per
/// department, the distinct (kind, colleague) pairs reached, and each idle mentor's idle run. A closed week only changes
/// through a grace-week edit, whose commit drops the week's tag; the ten-minute lifetime bounds what no tag names.
/// </summary>
public sealed class ClosedWeekNumbers(DataChanges changes)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public sealed record DepartmentTotals(string Department, int Counted, int Complete, int Minutes, int Active, int Coffees, int ShoutOuts, int SponsorNotes)
    {
        /// <summary>
        /// One department's week, from rollup rows (stored, or computed live for a week not closed yet) each standing for
        /// <c>Mentors</c> mentors with the same numbers (its <see cref="WeeklyRollup.Minutes"/> is theirs together). Every
        /// count asks the row's own rule: counted, complete, active, each kind done in a counted week.
        /// </summary>
        public static DepartmentTotals Of(string department, IReadOnlyCollection<(WeeklyRollup Row, int Mentors)> rows)
        {
            int Count(Func<WeeklyRollup, bool> rule) => rows.Where(x => rule(x.Row)).Sum(x => x.Mentors);
            int Done(ActionKind kind) => Count(r => r.IsCounted && r.IsDone(kind));
            return new DepartmentTotals(department, Count(r => r.IsCounted), Count(r => r.Complete), rows.Sum(x => x.Row.Minutes), Count(r => r.IsActive),
                Done(ActionKind.Coffee), Done(ActionKind.ShoutOut), Done(ActionKind.SponsorNote));
        }
    }

    /// <summary>A closed week: its departments, its reach, and the idle run of each mentor idle in it (the lapsed list reads it).</summary>
    public sealed record Week(IReadOnlyList<DepartmentTotals> Departments, IReadOnlySet<(ActionKind Kind, int ColleagueId)> Reached,
        IReadOnlyDictionary<string, int> IdleWeeks);

    public Task<Week> GetAsync(AllyshipDbContext db, int programId, DateOnly weekStart, CancellationToken ct) =>
        changes.GetOrReadAsync($"dashboard:closed:{programId}:{weekStart:yyyy-MM-dd}", [DataChanges.OfWeek(programId, weekStart), DataChanges.AnyProgram],
            Lifetime, () => ReadAsync(db, programId, weekStart, ct),
            week => LiveNumbers.ListBytes(week.Departments.Count, 160) + LiveNumbers.ListBytes(week.Reached.Count, 40) + LiveNumbers.ListBytes(week.IdleWeeks.Count, 120), ct);

    private static async Task<Week> ReadAsync(AllyshipDbContext db, int programId, DateOnly weekStart, CancellationToken ct)
    {
        // The database groups the week's rows by their stored numbers and flags (a few hundred groups for thousands of
        // mentors); each group is then judged by the row's own rules (WeeklyRollup), not restated here. The flags were set
        // with that week's targets, so a later change of targets does not rewrite history.
        var groups = await db.WeeklyRollups.AsNoTracking()
            .Where(r => r.ProgramId == programId && r.WeekStart == weekStart)
            .GroupBy(r => new { r.Department, r.Paused, r.CoffeeDone, r.ShoutOutDone, r.SponsorNoteDone, r.Coffees, r.ShoutOuts, r.SponsorNotes })
            .Select(g => new { g.Key, Mentors = g.Count(), Minutes = g.Sum(r => r.Minutes) })
            .ToListAsync(ct);
        var departments = groups
            .GroupBy(g => g.Key.Department ?? "")
            .Select(d => DepartmentTotals.Of(d.Key, d.Select(g => (new WeeklyRollup
            {
                Paused = g.Key.Paused, CoffeeDone = g.Key.CoffeeDone, ShoutOutDone = g.Key.ShoutOutDone, SponsorNoteDone = g.Key.SponsorNoteDone,
                Coffees = g.Key.Coffees, ShoutOuts = g.Key.ShoutOuts, SponsorNotes = g.Key.SponsorNotes, Minutes = g.Minutes,
            }, g.Mentors)).ToList()))
            .ToList();
        var reached = await db.Actions.AsNoTracking()
            .Where(a => a.ProgramId == programId && a.WeekStart == weekStart)
            .Select(a => new { a.Kind, a.ColleagueId })
            .Distinct()
            .ToListAsync(ct);
        var idle = await db.WeeklyRollups.AsNoTracking()
            .Where(r => r.ProgramId == programId && r.WeekStart == weekStart && r.IdleWeeks > 0)
            .Select(r => new { r.MentorId, r.IdleWeeks })
            .ToDictionaryAsync(r => r.MentorId, r => r.IdleWeeks, StringComparer.Ordinal, ct);
        return new Week(departments, reached.Select(a => (a.Kind, a.ColleagueId)).ToHashSet(), idle);
    }
}
