using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Rollups;

/// <summary>
/// Keeps a closed week's rollup true when a mentor edits that week during its grace period (the week after it).
/// Rewrites the one row; never queues mail.
/// </summary>
public sealed class RollupRefresher(AllyshipDbContext db, WeekTotals totals, TimeProvider clock, Admin.Programs.ClosedWeekCache dashboardCache)
{
    public async Task RefreshAsync(int programId, string mentorId, IEnumerable<DateOnly> weekStarts, CancellationToken ct)
    {
        var refreshed = new List<DateOnly>();
        foreach (var monday in weekStarts.Distinct())
        {
            var row = await db.WeeklyRollups.SingleOrDefaultAsync(r => r.ProgramId == programId && r.MentorId == mentorId && r.WeekStart == monday, ct);
            if (row is null)
            {
                continue; // the week is still open: its rollup will be written when it closes
            }

            var program = await db.Programs.AsNoTracking().SingleAsync(p => p.Id == programId, ct);
            var week = new PledgeWeek(monday);
            var mentorWeek = (await totals.LoadAsync(program, week, mentorId, ct)).SingleOrDefault();
            if (mentorWeek is null)
            {
                continue;
            }

            var fresh = RollupCalculator.Row(programId, monday, program.Targets, mentorWeek, clock.GetUtcNow().UtcDateTime);
            row.Coffees = fresh.Coffees;
            row.ShoutOuts = fresh.ShoutOuts;
            row.SponsorNotes = fresh.SponsorNotes;
            row.Minutes = fresh.Minutes;
            row.Colleagues = fresh.Colleagues;
            row.Department = fresh.Department;
            row.Complete = fresh.Complete;
            row.Paused = fresh.Paused;
            row.Streak = fresh.Streak;
            row.ComputedUtc = fresh.ComputedUtc;
            refreshed.Add(monday);
        }

        await db.SaveChangesAsync(ct);
        foreach (var monday in refreshed)
        {
            dashboardCache.Evict(programId, monday); // after the save, so no reader can cache the old numbers again
        }
    }
}
