using System.Runtime.CompilerServices;
using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// The quarter's numbers for HR, read from the weekly rollups (closed weeks only) and, for reach, from the actions.
/// Counts and names only: no private notes or action details are ever read here.
/// </summary>
public static class QuarterReport
{
    public sealed record Scope(FiscalQuarter Quarter, IReadOnlyList<int> ProgramIds, string ProgramsLabel)
    {
        public DateOnly FirstMonday => Quarter.Mondays().FirstMonday;
        public DateOnly LastMonday => Quarter.Mondays().LastMonday;
    }

    public sealed record MentorRow(string Name, string Email, string? Department, string Program, int WeeksEnrolled, int WeeksComplete,
        int Coffees, int ShoutOuts, int SponsorNotes, int Minutes, int Colleagues)
    {
        public double CompletionRate => WeeksEnrolled == 0 ? 0 : (double)WeeksComplete / WeeksEnrolled;
    }

    public sealed record DepartmentRow(string Department, int Mentors, int WeeksEnrolled, int WeeksComplete, int Coffees, int ShoutOuts,
        int SponsorNotes, int Minutes, int Colleagues)
    {
        public double CompletionRate => WeeksEnrolled == 0 ? 0 : (double)WeeksComplete / WeeksEnrolled;
    }

    public sealed record ColleagueRow(string Name, string? Department, string? Level, int Coffees, int ShoutOuts, int SponsorNotes, int Mentors);

    public sealed record WeekRow(DateOnly Week, int Counted, int Complete, int Minutes)
    {
        public double CompletionRate => Counted == 0 ? 0 : (double)Complete / Counted;
    }

    /// <summary>One allyship level in the quarter: its actions and minutes, and the share of counted mentor-weeks that met its target.</summary>
    public sealed record LevelRow(ActionKind Kind, int Actions, int Minutes, int WeeksDone, int WeeksCounted)
    {
        public string Name => $"{char.ToUpperInvariant(Kind.Level()[0])}{Kind.Level()[1..]} ({Kind.Label().ToLowerInvariant()})";
        public double CompletionRate => WeeksCounted == 0 ? 0 : (double)WeeksDone / WeeksCounted;
    }

    public const string NoDepartment = GroupNames.NoDepartment;

    /// <summary>The one name merged departments share in every sheet.</summary>
    public static string OtherDepartment(int minGroupSize) => GroupNames.OtherDepartment(minGroupSize);

    public sealed record Summary(int Enrolled, int Active, int WeeksComplete, int WeeksCounted, int Minutes, int Reach)
    {
        public double CompletionRate => WeeksCounted == 0 ? 0 : (double)WeeksComplete / WeeksCounted;
    }

    public sealed class Handler(AllyshipDbContext db)
    {
        private IQueryable<WeeklyRollup> Rollups(Scope s) => db.WeeklyRollups.AsNoTracking()
            .Where(r => s.ProgramIds.Contains(r.ProgramId) && r.WeekStart >= s.FirstMonday && r.WeekStart <= s.LastMonday);

        private IQueryable<PledgeAction> Actions(Scope s) => db.Actions.AsNoTracking()
            .Where(a => s.ProgramIds.Contains(a.ProgramId) && a.WeekStart >= s.FirstMonday && a.WeekStart <= s.LastMonday);

        public async Task<Summary> SummaryAsync(Scope s, CancellationToken ct)
        {
            var totals = await Rollups(s).GroupBy(r => 1).Select(g => new
            {
                Enrolled = g.Select(r => r.MentorId).Distinct().Count(),
                Active = g.AsQueryable().Where(WeeklyRollup.Active).Select(r => r.MentorId).Distinct().Count(),
                Complete = g.AsQueryable().Count(WeeklyRollup.Completed),
                Counted = g.AsQueryable().Count(WeeklyRollup.Counted),
                Minutes = g.Sum(r => r.Minutes),
            }).FirstOrDefaultAsync(ct);
            var reach = await Actions(s).Select(a => a.ColleagueId).Distinct().CountAsync(ct);
            return new Summary(totals?.Enrolled ?? 0, totals?.Active ?? 0, totals?.Complete ?? 0, totals?.Counted ?? 0, totals?.Minutes ?? 0, reach);
        }

        /// <summary>
        /// Minutes and completion by allyship level: actions and minutes from the actions, completion from the counted
        /// rollups' done flags (each week judged with that week's targets when it closed).
        /// </summary>
        public async Task<List<LevelRow>> LevelsAsync(Scope s, CancellationToken ct)
        {
            var byKind = await Actions(s).GroupBy(a => a.Kind).Select(g => new { g.Key, Actions = g.Count(), Minutes = g.Sum(a => a.Minutes) }).ToListAsync(ct);
            var weeks = await Rollups(s).Where(WeeklyRollup.Counted).GroupBy(r => 1)
                .Select(g => new { Counted = g.Count(), Coffee = g.Count(r => r.CoffeeDone), ShoutOut = g.Count(r => r.ShoutOutDone), SponsorNote = g.Count(r => r.SponsorNoteDone) })
                .FirstOrDefaultAsync(ct);
            int Done(ActionKind kind) => kind switch
            {
                ActionKind.Coffee => weeks?.Coffee ?? 0,
                ActionKind.ShoutOut => weeks?.ShoutOut ?? 0,
                _ => weeks?.SponsorNote ?? 0,
            };
            return Enum.GetValues<ActionKind>().Select(kind => new LevelRow(kind,
                byKind.FirstOrDefault(k => k.Key == kind)?.Actions ?? 0,
                byKind.FirstOrDefault(k => k.Key == kind)?.Minutes ?? 0,
                Done(kind),
                weeks?.Counted ?? 0)).ToList();
        }

        public Task<List<WeekRow>> TrendAsync(Scope s, CancellationToken ct) =>
            Rollups(s).GroupBy(r => r.WeekStart).OrderBy(g => g.Key)
                .Select(g => new WeekRow(g.Key, g.AsQueryable().Count(WeeklyRollup.Counted), g.AsQueryable().Count(WeeklyRollup.Completed), g.Sum(r => r.Minutes)))
                .ToListAsync(ct);

        /// <summary>
        /// Where each mentor department of the quarter is published (<see cref="SmallGroups"/>): by its mentors, and in a
        /// report over several programs also as each program's own report publishes it, so one program's report and the
        /// all-programs report cannot be subtracted to find a department part below the minimum.
        /// </summary>
        public async Task<SmallGroups.Plan> DepartmentPlanAsync(Scope s, int minGroupSize, CancellationToken ct)
        {
            var cells = await Rollups(s).GroupBy(r => new { r.Department, r.ProgramId })
                .Select(g => new { g.Key.Department, g.Key.ProgramId, Mentors = g.Select(r => r.MentorId).Distinct().Count() }).ToListAsync(ct);
            var departments = await Rollups(s).GroupBy(r => r.Department)
                .Select(g => new { g.Key, Mentors = g.Select(r => r.MentorId).Distinct().Count() }).ToListAsync(ct);
            return SmallGroups.Merge(
                departments.Select(d => new SmallGroups.Group(d.Key ?? NoDepartment, d.Mentors)),
                minGroupSize, OtherDepartment(minGroupSize), perProgram: s.ProgramIds.Count < 2 ? null
                    : s.ProgramIds.Select(p => (IReadOnlyList<SmallGroups.Group>)cells.Where(c => c.ProgramId == p)
                        .Select(c => new SmallGroups.Group(c.Department ?? NoDepartment, c.Mentors)).ToList()).ToList());
        }

        /// <summary>
        /// One row per mentor and program, streamed in name order: memory does not grow with the number of mentors. A
        /// department too small to report on is shown as "Other", as in the Departments sheet, so the two cannot be
        /// combined to undo its suppression.
        /// </summary>
        public async IAsyncEnumerable<MentorRow> MentorsAsync(Scope s, int minGroupSize, [EnumeratorCancellation] CancellationToken ct)
        {
            var plan = await DepartmentPlanAsync(s, minGroupSize, ct);
            var colleagues = await Actions(s).GroupBy(a => new { a.ProgramId, a.MentorId })
                .Select(g => new { g.Key.ProgramId, g.Key.MentorId, Count = g.Select(a => a.ColleagueId).Distinct().Count() })
                .ToDictionaryAsync(x => (x.ProgramId, x.MentorId), x => x.Count, ct);
            var rows = Rollups(s)
                .GroupBy(r => new { r.ProgramId, r.MentorId })
                .Select(g => new
                {
                    g.Key.ProgramId,
                    g.Key.MentorId,
                    Weeks = g.AsQueryable().Count(WeeklyRollup.Counted),
                    Complete = g.AsQueryable().Count(WeeklyRollup.Completed),
                    Coffees = g.Sum(r => r.Coffees),
                    ShoutOuts = g.Sum(r => r.ShoutOuts),
                    SponsorNotes = g.Sum(r => r.SponsorNotes),
                    Minutes = g.Sum(r => r.Minutes),
                })
                .Join(db.Users, r => r.MentorId, u => u.Id, (r, u) => new { r, u.DisplayName, u.Email, u.Department })
                .Join(db.Programs, x => x.r.ProgramId, p => p.Id, (x, p) => new { x.r, x.DisplayName, x.Email, x.Department, Program = p.Name })
                .OrderBy(x => x.DisplayName).ThenBy(x => x.Email).ThenBy(x => x.Program)
                .AsAsyncEnumerable();
            await foreach (var x in rows.WithCancellation(ct))
            {
                yield return new MentorRow(x.DisplayName, x.Email ?? "", plan.NameOf(x.Department ?? NoDepartment), x.Program, x.r.Weeks, x.r.Complete, x.r.Coffees,
                    x.r.ShoutOuts, x.r.SponsorNotes, x.r.Minutes, colleagues.GetValueOrDefault((x.r.ProgramId, x.r.MentorId)));
            }
        }

        /// <summary>Per department (the department frozen on each week's rollup).</summary>
        public async Task<List<DepartmentRow>> DepartmentsAsync(Scope s, int minGroupSize, CancellationToken ct)
        {
            var rows = await Rollups(s).GroupBy(r => r.Department).Select(g => new
            {
                g.Key,
                Mentors = g.Select(r => r.MentorId).Distinct().Count(),
                Weeks = g.AsQueryable().Count(WeeklyRollup.Counted),
                Complete = g.AsQueryable().Count(WeeklyRollup.Completed),
                Coffees = g.Sum(r => r.Coffees),
                ShoutOuts = g.Sum(r => r.ShoutOuts),
                SponsorNotes = g.Sum(r => r.SponsorNotes),
                Minutes = g.Sum(r => r.Minutes),
            }).ToListAsync(ct);
            // Distinct colleagues per department: the (mentor, colleague) pairs stream from the covering index and fold into
            // one small set per department; joining every action to its mentor in SQL was four times slower.
            var departmentOf = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var x in Rollups(s).Select(r => new { r.MentorId, r.Department }).Distinct().AsAsyncEnumerable().WithCancellation(ct))
            {
                departmentOf[x.MentorId] = x.Department ?? ""; // a mentor who moved counts in one department, not both
            }

            var reached = new Dictionary<string, HashSet<int>>();
            await foreach (var pair in Actions(s).Select(a => new { a.MentorId, a.ColleagueId }).Distinct().AsAsyncEnumerable().WithCancellation(ct))
            {
                var department = departmentOf.GetValueOrDefault(pair.MentorId, "");
                if (!reached.TryGetValue(department, out var set))
                {
                    reached[department] = set = [];
                }

                set.Add(pair.ColleagueId);
            }

            // Small departments merge into one "Other" row (SmallGroups): their names never appear, in this sheet or any other.
            var plan = await DepartmentPlanAsync(s, minGroupSize, ct);
            return plan.Rows(rows, r => r.Key ?? NoDepartment, (name, g) => new DepartmentRow(name, g.Sum(r => r.Mentors), g.Sum(r => r.Weeks),
                g.Sum(r => r.Complete), g.Sum(r => r.Coffees), g.Sum(r => r.ShoutOuts), g.Sum(r => r.SponsorNotes), g.Sum(r => r.Minutes),
                g.SelectMany(r => reached.GetValueOrDefault(r.Key ?? "") ?? []).Distinct().Count()));
        }

        /// <summary>Each colleague reached, with what they received and from how many mentors: concentration is visible.</summary>
        public async IAsyncEnumerable<ColleagueRow> ColleaguesAsync(Scope s, [EnumeratorCancellation] CancellationToken ct)
        {
            var received = await Actions(s).GroupBy(a => a.ColleagueId)
                .Select(g => new
                {
                    Id = g.Key,
                    Coffees = g.Count(a => a.Kind == ActionKind.Coffee),
                    ShoutOuts = g.Count(a => a.Kind == ActionKind.ShoutOut),
                    SponsorNotes = g.Count(a => a.Kind == ActionKind.SponsorNote),
                    Mentors = g.Select(a => a.MentorId).Distinct().Count(),
                })
                .ToListAsync(ct);
            var people = new Dictionary<int, (string Name, string? Department, string? Level)>();
            foreach (var chunk in received.Select(r => r.Id).Chunk(500))
            {
                foreach (var c in await db.Colleagues.AsNoTracking().Where(c => chunk.Contains(c.Id)).ToListAsync(ct))
                {
                    // HR did not log these actions: a colleague who asked not to be named is "a colleague", without the
                    // department and level that could point to her. Her actions still count.
                    people[c.Id] = c.IsNameable ? (c.Name, c.Department, c.Level) : (c.NameFor(viewerLoggedIt: false), null, null);
                }
            }

            // Most sponsored first: the people whose careers the program is moving, and where it concentrates.
            foreach (var r in received.OrderByDescending(r => r.SponsorNotes).ThenByDescending(r => r.Coffees + r.ShoutOuts).ThenBy(r => people.GetValueOrDefault(r.Id).Name))
            {
                var p = people.GetValueOrDefault(r.Id);
                yield return new ColleagueRow(p.Name ?? "", p.Department, p.Level, r.Coffees, r.ShoutOuts, r.SponsorNotes, r.Mentors);
            }
        }
    }
}
