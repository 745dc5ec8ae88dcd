using Allyship.Web.Data;

namespace Allyship.Web.Features.Pledge;

/// <summary>What a mentor did in one week against the program's targets.</summary>
public sealed record WeekProgress(PledgeWeek Week, int Coffees, int ShoutOuts, int SponsorNotes, int Minutes, WeeklyTargets Targets)
{
    public int CountOf(ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Coffees,
        ActionKind.ShoutOut => ShoutOuts,
        ActionKind.SponsorNote => SponsorNotes,
        _ => 0,
    };

    public bool IsDone(ActionKind kind) => CountOf(kind) >= Targets.CountFor(kind);

    /// <summary>Week complete: every target of that week met.</summary>
    public bool IsComplete => IsDone(ActionKind.Coffee) && IsDone(ActionKind.ShoutOut) && IsDone(ActionKind.SponsorNote);

    public int TargetMinutes => Targets.TotalMinutes;

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
