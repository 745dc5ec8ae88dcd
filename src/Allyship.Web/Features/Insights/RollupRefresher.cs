using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// Keeps a closed week's rollup true when a mentor edits that week during its grace period (the week after it).
/// Runs inside the command's transaction, after the action is saved: it rewrites the row from the actions as the command
/// left them, and the command's commit writes both or neither. Never queues mail.
/// </summary>
public sealed class RollupRefresher(AllyshipDbContext db, WeekTotals totals, TimeProvider clock)
{
    /// <summary>
    /// Rewrites the mentor's rows of those of <paramref name="weekStarts"/> that are closed, judged by the targets each
    /// week closed with (<see cref="ClosedWeek.Targets"/>); the commit drops what was kept of them (the rows' tags).
    /// </summary>
    public async Task RefreshAsync(PledgeProgram program, string mentorId, IEnumerable<DateOnly> weekStarts, CancellationToken ct)
    {
        var changed = false;
        var lastClosable = ProgramCalendar.LastClosableWeek(PledgeWeek.Containing(clock.GetUtcNow(), TimeZones.Find(program.TimeZoneId)));
        foreach (var monday in weekStarts.Distinct())
        {
            if (new PledgeWeek(monday) > lastClosable)
            {
                continue; // the week is still open: no rollup yet, it will be written when the week closes
            }

            var row = await db.WeeklyRollups.SingleOrDefaultAsync(r => r.ProgramId == program.Id && r.MentorId == mentorId && r.WeekStart == monday, ct);
            if (row is null)
            {
                continue; // ended but not closed yet: the job will roll it up with this action in it
            }

            var closed = await db.ClosedWeeks.AsNoTracking().SingleAsync(c => c.ProgramId == program.Id && c.WeekStart == monday, ct);
            var mentorWeek = (await totals.LoadAsync(program, new PledgeWeek(monday), mentorId, ct)).SingleOrDefault();
            if (mentorWeek is null)
            {
                continue;
            }

            row.CopyNumbersFrom(RollupCalculator.Row(program.Id, monday, closed.Targets, mentorWeek, clock.GetUtcNow().UtcDateTime));
            changed = true;
        }

        if (changed)
        {
            await db.SaveChangesAsync(ct);
        }
    }
}
