using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Insights;

/// <summary>Turns a week's per-mentor totals into rollup rows: pure, so completion, streak and idle rules are tested directly.</summary>
public static class RollupCalculator
{
    public sealed record MentorWeek(string MentorId, bool Paused, int Coffees, int ShoutOuts, int SponsorNotes, int Minutes, int Colleagues, int PreviousStreak = 0,
        string? Department = null, int PreviousIdleWeeks = 0)
    {
        public KindCounts Counts => new(Coffees, ShoutOuts, SponsorNotes);
    }

    /// <summary>
    /// The row of a closed week, or of a week still open or not rolled up yet judged the same way (the dashboard's live
    /// weeks): each kind's target met by the one live rule (<see cref="WeeklyTargets.IsMetBy(ActionKind, int)"/>) with the
    /// targets given, frozen as flags.
    /// </summary>
    public static WeeklyRollup Row(int programId, DateOnly weekStart, WeeklyTargets targets, MentorWeek m, DateTime nowUtc)
    {
        // A closed week is never open: the same week state and streak step as History (Streaks), frozen here.
        var state = Streaks.StateOf(targets.IsMetBy(m.Counts), m.Paused, isOpen: false);
        var row = new WeeklyRollup
        {
            ProgramId = programId,
            MentorId = m.MentorId,
            WeekStart = weekStart,
            Department = m.Department,
            Coffees = m.Coffees,
            ShoutOuts = m.ShoutOuts,
            SponsorNotes = m.SponsorNotes,
            Minutes = m.Minutes,
            Colleagues = m.Colleagues,
            CoffeeDone = targets.IsMetBy(ActionKind.Coffee, m.Coffees),
            ShoutOutDone = targets.IsMetBy(ActionKind.ShoutOut, m.ShoutOuts),
            SponsorNoteDone = targets.IsMetBy(ActionKind.SponsorNote, m.SponsorNotes),
            Paused = state == WeekState.Paused,
            Streak = Streaks.After(m.PreviousStreak, state),
            ComputedUtc = nowUtc,
        };
        row.IdleWeeks = row.IdleWeeksAfter(m.PreviousIdleWeeks);
        return row;
    }
}
