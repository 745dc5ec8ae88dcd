using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Pledge;

/// <summary>Every week of a mentor's enrolment with its progress, and the streak those weeks make.</summary>
public sealed record MentorHistory(IReadOnlyList<MentorHistory.WeekRow> Weeks, Streak Streak)
{
    public sealed record WeekRow(WeekProgress Progress, WeekState State);

    public sealed class Loader(AllyshipDbContext db)
    {
        public Task<MentorHistory> LoadAsync(string mentorId, ProgramChoice program, PledgeWeek current, CancellationToken ct) =>
            MentorHistory.LoadAsync(db, mentorId, program, current, ct);
    }

    private static async Task<MentorHistory> LoadAsync(AllyshipDbContext db, string mentorId, ProgramChoice program,
        PledgeWeek current, CancellationToken ct)
    {
        var zone = TimeZones.Find(program.TimeZoneId);
        var enrolled = PledgeWeek.Containing(new DateTimeOffset(program.EnrolledUtc, TimeSpan.Zero), zone);
        var started = PledgeWeek.Containing(program.StartDate);
        var first = enrolled > started ? enrolled : started;

        var totals = await db.Actions.AsNoTracking()
            .Where(a => a.MentorId == mentorId && a.ProgramId == program.Id)
            .GroupBy(a => new { a.WeekStart, a.Kind })
            .Select(g => new { g.Key.WeekStart, g.Key.Kind, Count = g.Count(), Minutes = g.Sum(a => a.Minutes) })
            .ToListAsync(ct);

        // Actions may predate the enrolment record (imported history): the history starts at whichever is earlier.
        if (totals.Count > 0)
        {
            var earliest = new PledgeWeek(totals.Min(t => t.WeekStart));
            if (earliest < first && earliest >= started)
            {
                first = earliest;
            }
        }

        // Closed weeks are judged by their rollups (the targets of their time, and the pause as it stood); the others live.
        var closed = await db.WeeklyRollups.AsNoTracking()
            .Where(r => r.MentorId == mentorId && r.ProgramId == program.Id)
            .ToDictionaryAsync(r => r.WeekStart, ct);
        var targetsOf = await db.ClosedWeeks.AsNoTracking()
            .Where(c => c.ProgramId == program.Id)
            .ToDictionaryAsync(c => c.WeekStart, c => c.Targets, ct);
        var byWeek = totals.ToLookup(t => t.WeekStart);
        var weeks = new List<WeekRow>();
        foreach (var week in PledgeWeek.Range(first, current))
        {
            var kinds = byWeek[week.Monday].ToList();
            var progress = WeekProgress.FromTotals(week, targetsOf.GetValueOrDefault(week.Monday) ?? program.Targets, kinds.Select(k => (k.Kind, k.Count, k.Minutes))) with { Closed = closed.GetValueOrDefault(week.Monday) };
            var paused = progress.Closed?.Paused ?? program.Enrolment.IsPausedWeek(week.Monday);
            weeks.Add(new WeekRow(progress, Streaks.StateOf(progress, paused, week == current)));
        }

        return new MentorHistory(weeks, Streaks.Compute(weeks.Select(w => w.State)));
    }
}
