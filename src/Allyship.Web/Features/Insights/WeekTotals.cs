using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Insights;

/// <summary>The set-based reads a rollup needs: one query for every mentor's totals and previous streak and idle run, one for pauses.</summary>
public sealed class WeekTotals(AllyshipDbContext db)
{
    public async Task<List<RollupCalculator.MentorWeek>> LoadAsync(PledgeProgram program, PledgeWeek week, string? onlyMentorId, CancellationToken ct)
    {
        var zone = TimeZones.Find(program.TimeZoneId);
        var weekEndUtc = week.EndUtc(zone);

        var enrolments = db.Enrolments.AsNoTracking()
            .Where(Enrolment.InProgramAt(weekEndUtc)).Where(e => e.ProgramId == program.Id);
        if (onlyMentorId is not null)
        {
            enrolments = enrolments.Where(e => e.MentorId == onlyMentorId);
        }

        // One LEFT JOIN ... GROUP BY over the enrolments: each mentor's actions are found through the
        // (ProgramId, MentorId, WeekStart) index, the same plan as the hand-written SQL (docs/performance.md).
        var actions = db.Actions.Where(a => a.ProgramId == program.Id && a.WeekStart == week.Monday);
        var previous = db.WeeklyRollups.Where(r => r.ProgramId == program.Id && r.WeekStart == week.Previous.Monday);
        var rows = await (
                from e in enrolments
                join r in previous on e.MentorId equals r.MentorId into before
                from r in before.DefaultIfEmpty()
                join a in actions on e.MentorId equals a.MentorId into done
                from a in done.DefaultIfEmpty()
                group a by new { e.Id, e.MentorId, e.Mentor.Department, PreviousStreak = (int?)r.Streak, PreviousIdleWeeks = (int?)r.IdleWeeks } into g
                select new
                {
                    g.Key.Id,
                    g.Key.MentorId,
                    g.Key.Department,
                    PreviousStreak = g.Key.PreviousStreak ?? 0,
                    PreviousIdleWeeks = g.Key.PreviousIdleWeeks ?? 0,
                    Coffees = g.Count(a => a != null && a.Kind == ActionKind.Coffee),
                    ShoutOuts = g.Count(a => a != null && a.Kind == ActionKind.ShoutOut),
                    SponsorNotes = g.Count(a => a != null && a.Kind == ActionKind.SponsorNote),
                    Minutes = g.Sum(a => a == null ? 0 : a.Minutes),
                    Colleagues = g.Where(a => a != null).Select(a => a!.ColleagueId).Distinct().Count(),
                })
            .ToListAsync(ct);

        // Enrolments with a pause touching the week (a handful); whether it makes a paused week is the enrolment's rule.
        var paused = (await enrolments.Include(e => e.Pauses)
                .Where(e => e.Pauses.Any(p => p.StartsOn <= week.Sunday && p.EndsOn >= week.Monday))
                .ToListAsync(ct))
            .Where(e => e.IsPausedWeek(week.Monday))
            .Select(e => e.Id)
            .ToHashSet();

        return rows.Select(m => new RollupCalculator.MentorWeek(m.MentorId, paused.Contains(m.Id),
            m.Coffees, m.ShoutOuts, m.SponsorNotes, m.Minutes, m.Colleagues, m.PreviousStreak, m.Department, m.PreviousIdleWeeks)).ToList();
    }
}
