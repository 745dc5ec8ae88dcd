using Allyship.Web.Data;
using Allyship.Web.Features.History;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Rollups;

/// <summary>The set-based reads a rollup needs: one query each for totals, pauses and the previous week's streaks.</summary>
public sealed class WeekTotals(AllyshipDbContext db)
{
    public async Task<List<RollupCalculator.MentorWeek>> LoadAsync(PledgeProgram program, PledgeWeek week, string? onlyMentorId, CancellationToken ct)
    {
        var zone = TimeZones.Find(program.TimeZoneId);
        var weekEndUtc = week.EndUtc(zone);

        var enrolments = db.Enrolments.AsNoTracking()
            .Where(e => e.ProgramId == program.Id && e.Status != EnrolmentStatus.Left && e.CreatedUtc < weekEndUtc);
        if (onlyMentorId is not null)
        {
            enrolments = enrolments.Where(e => e.MentorId == onlyMentorId);
        }

        var mentors = await enrolments.Select(e => new { e.Id, e.MentorId }).ToListAsync(ct);

        var actions = db.Actions.AsNoTracking().Where(a => a.ProgramId == program.Id && a.WeekStart == week.Monday);
        if (onlyMentorId is not null)
        {
            actions = actions.Where(a => a.MentorId == onlyMentorId);
        }

        var totals = await actions
            .GroupBy(a => a.MentorId)
            .Select(g => new
            {
                MentorId = g.Key,
                Coffees = g.Count(a => a.Kind == ActionKind.Coffee),
                ShoutOuts = g.Count(a => a.Kind == ActionKind.ShoutOut),
                SponsorNotes = g.Count(a => a.Kind == ActionKind.SponsorNote),
                Minutes = g.Sum(a => a.Minutes),
                Colleagues = g.Select(a => a.ColleagueId).Distinct().Count(),
            })
            .ToDictionaryAsync(t => t.MentorId, ct);

        var pauses = (await db.EnrolmentPauses.AsNoTracking()
                .Where(p => p.StartsOn <= week.Sunday && p.EndsOn >= week.Monday
                            && db.Enrolments.Any(e => e.Id == p.EnrolmentId && e.ProgramId == program.Id))
                .Select(p => new { p.EnrolmentId, p.StartsOn, p.EndsOn })
                .ToListAsync(ct))
            .ToLookup(p => p.EnrolmentId);

        return mentors.Select(m =>
        {
            totals.TryGetValue(m.MentorId, out var t);
            var paused = MentorHistory.IsPausedWeek(week, pauses[m.Id].Select(p => (p.StartsOn, p.EndsOn)));
            return new RollupCalculator.MentorWeek(m.MentorId, paused, t?.Coffees ?? 0, t?.ShoutOuts ?? 0, t?.SponsorNotes ?? 0,
                t?.Minutes ?? 0, t?.Colleagues ?? 0);
        }).ToList();
    }

    public Task<Dictionary<string, int>> PreviousStreaksAsync(int programId, PledgeWeek week, CancellationToken ct) =>
        db.WeeklyRollups.AsNoTracking()
            .Where(r => r.ProgramId == programId && r.WeekStart == week.Previous.Monday)
            .ToDictionaryAsync(r => r.MentorId, r => r.Streak, ct);
}
