namespace Allyship.Web.Features.Pledge;

public enum WeekState
{
    Complete,
    Incomplete,
    Paused,

    /// <summary>The open week, not complete yet: it neither counts nor breaks a streak until it closes.</summary>
    OpenIncomplete,
}

public readonly record struct Streak(int Current, int Best);

public static class Streaks
{
    /// <summary>
    /// Streak: consecutive complete weeks. Paused weeks are skipped (frozen, not broken); the open week only
    /// counts once complete. <paramref name="weeksOldestFirst"/> is every week of the enrolment, oldest first.
    /// </summary>
    public static Streak Compute(IEnumerable<WeekState> weeksOldestFirst)
    {
        int current = 0, best = 0;
        foreach (var state in weeksOldestFirst)
        {
            switch (state)
            {
                case WeekState.Complete:
                    current++;
                    best = Math.Max(best, current);
                    break;
                case WeekState.Incomplete:
                    current = 0;
                    break;
                case WeekState.Paused:
                case WeekState.OpenIncomplete:
                    break;
            }
        }

        return new Streak(current, best);
    }

    public static WeekState StateOf(WeekProgress progress, bool paused, bool isOpen) =>
        progress.IsComplete ? WeekState.Complete
        : paused ? WeekState.Paused
        : isOpen ? WeekState.OpenIncomplete
        : WeekState.Incomplete;
}
