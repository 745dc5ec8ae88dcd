using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Insights;

/// <summary>Turns a week's per-mentor totals into rollup rows: pure, so completion and streak rules are tested directly.</summary>
public static class RollupCalculator
{
    public sealed record MentorWeek(string MentorId, bool Paused, int Coffees, int ShoutOuts, int SponsorNotes, int Minutes, int Colleagues, int PreviousStreak = 0, string? Department = null)
    {
        public KindCounts Counts => new(Coffees, ShoutOuts, SponsorNotes);
    }

    public static WeeklyRollup Row(int programId, DateOnly weekStart, WeeklyTargets targets, MentorWeek m, DateTime nowUtc)
    {
        // A closed week is never open: the same week state and streak step as History (Streaks), frozen here.
        var state = Streaks.StateOf(targets.IsMetBy(m.Counts), m.Paused, isOpen: false);
        return new WeeklyRollup
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
            Complete = state == WeekState.Complete,
            Paused = state == WeekState.Paused,
            Streak = Streaks.After(m.PreviousStreak, state),
            ComputedUtc = nowUtc,
        };
    }
}
