namespace Allyship.Web.Data;

public enum ActionKind
{
    Coffee = 1,
    ShoutOut = 2,
    SponsorNote = 3,
}

/// <summary>
/// One logged Coffee, ShoutOut or SponsorNote. Named PledgeAction in code because <c>Action</c> is a System delegate.
/// </summary>
public sealed class PledgeAction : ITimestamped, IMentorOwned
{
    public const int ShortTextMaxLength = 200;
    public const int LongTextMaxLength = 1000;
    public const int PrivateNotesMaxLength = 4000;

    /// <summary>Room for 4,000 characters once encrypted (Data Protection's envelope, base64): the column, not the limit people see.</summary>
    public const int PrivateNotesStoredMaxLength = 24000;
    public const int MinMinutes = 1;
    public const int MaxMinutes = 240;

    public int Id { get; set; }
    public ActionKind Kind { get; set; }

    public int ProgramId { get; set; }
    public PledgeProgram Program { get; set; } = null!;

    public string MentorId { get; set; } = "";

    public int ColleagueId { get; set; }
    public Colleague Colleague { get; set; } = null!;

    /// <summary>The Monday (in the program's time zone) of the pledge week this action counts for.</summary>
    public DateOnly WeekStart { get; set; }

    /// <summary>The day it happened, in the program's time zone.</summary>
    public DateOnly OccurredOn { get; set; }

    public int Minutes { get; set; }

    // Coffee
    public string? Topics { get; set; }

    /// <summary>The mentor's alone: encrypted at rest (NoteProtector), shown only to its author, never in reports.</summary>
    public string? PrivateNotes { get; set; }

    // Shout-out
    public string? Achievement { get; set; }
    public string? WhereGiven { get; set; }

    // Sponsor note
    public string? SeniorLeader { get; set; }

    /// <summary>The leader picked from the directory (a colleague marked leader); null when the mentor typed someone else.</summary>
    public int? SeniorLeaderId { get; set; }
    public string? Accomplishment { get; set; }

    /// <summary>The log form's one-time id: a double submit of the same form finds this action instead of adding another.</summary>
    public Guid? SubmissionId { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
