using Allyship.Web.Data;

namespace Allyship.Web.Features.Rollups;

/// <summary>Turns a week's per-mentor totals into rollup rows: pure, so completion and streak rules are tested directly.</summary>
public static class RollupCalculator
{
    public sealed record MentorWeek(string MentorId, bool Paused, int Coffees, int ShoutOuts, int SponsorNotes, int Minutes, int Colleagues, int PreviousStreak = 0, string? Department = null);

    public static WeeklyRollup Row(int programId, DateOnly weekStart, WeeklyTargets targets, MentorWeek m, DateTime nowUtc)
    {
        var complete = m.Coffees >= targets.Coffees && m.ShoutOuts >= targets.ShoutOuts && m.SponsorNotes >= targets.SponsorNotes;
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
            Complete = complete,
            Paused = m.Paused && !complete,
            // Complete extends the streak; a paused week freezes it; anything else breaks it.
            Streak = complete ? m.PreviousStreak + 1 : m.Paused ? m.PreviousStreak : 0,
            ComputedUtc = nowUtc,
        };
    }
}
