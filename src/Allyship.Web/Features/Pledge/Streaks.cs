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
            current = After(current, state);
            best = Math.Max(best, current);
        }

        return new Streak(current, best);
    }

    /// <summary>The streak after one more week: complete extends it, paused or still open freezes it, anything else breaks it.</summary>
    public static int After(int streak, WeekState week) => week switch
    {
        WeekState.Complete => streak + 1,
        WeekState.Paused or WeekState.OpenIncomplete => streak,
        _ => 0,
    };

    /// <summary>A complete week counts even when paused; an incomplete paused week is skipped.</summary>
    public static WeekState StateOf(bool complete, bool paused, bool isOpen) =>
        complete ? WeekState.Complete
        : paused ? WeekState.Paused
        : isOpen ? WeekState.OpenIncomplete
        : WeekState.Incomplete;

    public static WeekState StateOf(WeekProgress progress, bool paused, bool isOpen) => StateOf(progress.IsComplete, paused, isOpen);
}
