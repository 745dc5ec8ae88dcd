using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.History;

/// <summary>Every week of a mentor's enrolment with its progress, and the streak those weeks make.</summary>
public sealed record MentorHistory(IReadOnlyList<MentorHistory.WeekRow> Weeks, Streak Streak)
{
    public sealed record WeekRow(WeekProgress Progress, WeekState State);

    public static async Task<MentorHistory> LoadAsync(AllyshipDbContext db, string mentorId, ProgramChoice program,
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

        var pauses = await db.EnrolmentPauses.AsNoTracking()
            .Where(p => db.Enrolments.Any(e => e.Id == p.EnrolmentId && e.MentorId == mentorId && e.ProgramId == program.Id))
            .Select(p => new { p.StartsOn, p.EndsOn })
            .ToListAsync(ct);

        var byWeek = totals.ToLookup(t => t.WeekStart);
        var weeks = new List<WeekRow>();
        foreach (var week in PledgeWeek.Range(first, current))
        {
            var kinds = byWeek[week.Monday].ToList();
            var progress = new WeekProgress(week,
                kinds.Where(k => k.Kind == ActionKind.Coffee).Sum(k => k.Count),
                kinds.Where(k => k.Kind == ActionKind.ShoutOut).Sum(k => k.Count),
                kinds.Where(k => k.Kind == ActionKind.SponsorNote).Sum(k => k.Count),
                kinds.Sum(k => k.Minutes),
                program.Targets);
            var paused = IsPausedWeek(week, pauses.Select(p => (p.StartsOn, p.EndsOn)));
            weeks.Add(new WeekRow(progress, Streaks.StateOf(progress, paused, week == current)));
        }

        return new MentorHistory(weeks, Streaks.Compute(weeks.Select(w => w.State)));
    }

    /// <summary>A week counts as paused when a pause covers most of it: at least four of its seven days.</summary>
    public static bool IsPausedWeek(PledgeWeek week, IEnumerable<(DateOnly From, DateOnly To)> pauses) =>
        pauses.Any(p => Overlap(week, p.From, p.To) >= 4);

    private static int Overlap(PledgeWeek week, DateOnly from, DateOnly to)
    {
        var start = from > week.Monday ? from : week.Monday;
        var end = to < week.Sunday ? to : week.Sunday;
        return end < start ? 0 : end.DayNumber - start.DayNumber + 1;
    }
}
