using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Pledge;

/// <summary>What a mentor did in one week against the program's targets.</summary>
public sealed record WeekProgress(PledgeWeek Week, int Coffees, int ShoutOuts, int SponsorNotes, int Minutes, WeeklyTargets Targets)
{
    public KindCounts Counts => new(Coffees, ShoutOuts, SponsorNotes);

    /// <summary>
    /// The week's rollup once it has closed: its done flags, set with the targets of that week, judge it from then on
    /// (<see cref="WeeklyRollup.Completed"/>); an open week is judged live by today's targets.
    /// </summary>
    public WeeklyRollup? Closed { get; init; }

    public int CountOf(ActionKind kind) => Counts.Of(kind);

    public bool IsDone(ActionKind kind) => Closed?.IsDone(kind) ?? Targets.IsMetBy(kind, CountOf(kind));

    /// <summary>Week complete: a closed week's stored judgment (<see cref="WeeklyRollup.Complete"/>), an open one's by <see cref="WeeklyTargets.IsMetBy(KindCounts)"/>.</summary>
    public bool IsComplete => Closed?.Complete ?? Targets.IsMetBy(Counts);

    public int TargetMinutes => Targets.TotalMinutes;

    /// <summary>The minutes counted against the goal: never more than the goal (the ring and "36 of 36").</summary>
    public int MinutesTowardGoal => Math.Min(Minutes, TargetMinutes);

    /// <summary>Minutes beyond the goal, said apart ("+45 extra") rather than as "81 of 36".</summary>
    public int ExtraMinutes => Math.Max(0, Minutes - TargetMinutes);

    /// <summary>The one wording of a week's minutes, for the week page, History and the reminder emails.</summary>
    public string MinutesSentence => Infrastructure.MinutesWords.Sentence(Minutes, TargetMinutes);

    /// <summary>From counts and minutes already summed per kind (a GROUP BY).</summary>
    public static WeekProgress FromTotals(PledgeWeek week, WeeklyTargets targets, IEnumerable<(ActionKind Kind, int Count, int Minutes)> totals)
    {
        var list = totals.ToList();
        int Count(ActionKind kind) => list.Where(t => t.Kind == kind).Sum(t => t.Count);
        return new WeekProgress(week, Count(ActionKind.Coffee), Count(ActionKind.ShoutOut), Count(ActionKind.SponsorNote), list.Sum(t => t.Minutes), targets);
    }

    /// <summary>One mentor's open week in one program, summed in the database (the chat apps' answers after a log).</summary>
    public static async Task<WeekProgress> OfMentorAsync(AllyshipDbContext db, string mentorId, int programId, PledgeWeek week, WeeklyTargets targets, CancellationToken ct)
    {
        var totals = await db.Actions.AsNoTracking().Where(a => a.MentorId == mentorId && a.ProgramId == programId && a.WeekStart == week.Monday)
            .GroupBy(a => a.Kind).Select(g => new { g.Key, Count = g.Count(), Minutes = g.Sum(a => a.Minutes) }).ToListAsync(ct);
        return FromTotals(week, targets, totals.Select(t => (t.Key, t.Count, t.Minutes)));
    }

    public static WeekProgress From(PledgeWeek week, WeeklyTargets targets, IEnumerable<(ActionKind Kind, int Minutes)> actions)
    {
        int coffees = 0, shoutOuts = 0, sponsorNotes = 0, minutes = 0;
        foreach (var (kind, m) in actions)
        {
            minutes += m;
            switch (kind)
            {
                case ActionKind.Coffee: coffees++; break;
                case ActionKind.ShoutOut: shoutOuts++; break;
                case ActionKind.SponsorNote: sponsorNotes++; break;
            }
        }

        return new WeekProgress(week, coffees, shoutOuts, sponsorNotes, minutes, targets);
    }
}
