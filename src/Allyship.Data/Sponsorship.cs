namespace Allyship.Web.Data;

/// <summary>What HR records happened to a colleague's career: the outcomes the program hopes sponsorship moves.</summary>
public enum OutcomeKind
{
    Promotion = 1,
    RoleChange = 2,
    Exit = 3,
}

/// <summary>
/// One career event of a directory colleague, imported by HR from CSV. The same colleague, day and kind is one event, so
/// importing a file twice adds nothing.
/// </summary>
public sealed class OutcomeEvent
{
    public int Id { get; set; }
    public int ColleagueId { get; set; }
    public Colleague Colleague { get; set; } = null!;
    public DateOnly OccurredOn { get; set; }
    public OutcomeKind Kind { get; set; }
    public DateTime ImportedUtc { get; set; }
}

/// <summary>
/// The marker of one week's leader digests (a Monday, the same label in every program): its key makes a second run,
/// or a second server, a no-op, so each leader gets one digest per week across programs.
/// </summary>
public sealed class LeaderDigestRound
{
    public DateOnly WeekStart { get; set; }
    public DateTime SentUtc { get; set; }
    public int Leaders { get; set; }
    public int Notes { get; set; }
}
