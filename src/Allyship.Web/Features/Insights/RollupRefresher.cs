using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// Keeps a closed week's rollup true when a mentor edits that week during its grace period (the week after it).
/// Runs inside the command's transaction, after the action is saved: it rewrites the row from the actions as the command
/// left them, and the command's commit writes both or neither. Never queues mail.
/// </summary>
public sealed class RollupRefresher(AllyshipDbContext db, WeekTotals totals, TimeProvider clock, ClosedWeekCache dashboardCache,
    Microsoft.Extensions.Caching.Memory.IMemoryCache cache, LiveWeekCache live)
{
    /// <summary>The closed weeks a command rewrote: their cached dashboard numbers are dropped once it has committed.</summary>
    public sealed class Refreshed
    {
        internal List<(int ProgramId, DateOnly WeekStart)> Weeks { get; } = [];

        /// <summary>Every program with a changed action, open week or closed.</summary>
        internal HashSet<int> Programs { get; } = [];
    }

    public async Task RefreshAsync(PledgeProgram program, string mentorId, IEnumerable<DateOnly> weekStarts, Refreshed refreshed, CancellationToken ct)
    {
        refreshed.Programs.Add(program.Id);
        var before = refreshed.Weeks.Count;
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

            var mentorWeek = (await totals.LoadAsync(program, new PledgeWeek(monday), mentorId, ct)).SingleOrDefault();
            if (mentorWeek is null)
            {
                continue;
            }

            row.CopyNumbersFrom(RollupCalculator.Row(program.Id, monday, program.Targets, mentorWeek, clock.GetUtcNow().UtcDateTime));
            refreshed.Weeks.Add((program.Id, monday));
        }

        if (refreshed.Weeks.Count > before)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>After the commit, so no reader can cache the old numbers again.</summary>
    public void Evict(Refreshed refreshed)
    {
        foreach (var (programId, monday) in refreshed.Weeks)
        {
            dashboardCache.Evict(programId, monday);
            VoiceNumbers.Handler.Evict(cache, [programId], monday); // an edited or deleted action changes what was asked
            SpreadNumbers.Handler.Evict(cache, programId, monday);
        }

        foreach (var programId in refreshed.Programs)
        {
            live.Evict(programId);
        }
    }
}
