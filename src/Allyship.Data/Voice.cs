namespace Allyship.Web.Data;

/// <summary>The colleague's answer about one action logged with her.</summary>
public enum ConfirmationAnswer
{
    Happened = 1,
    DidNotHappen = 2,
}

/// <summary>
/// One action a colleague was asked to confirm: the row exists from the moment she is asked (so "asked" is a fact,
/// stored once), and holds her answer once she gives it. Answers may change until the link expires.
/// </summary>
public sealed class Confirmation
{
    public const int CommentMaxLength = 1000;

    /// <summary>The action asked about: one question per action, whatever runs the batch twice.</summary>
    public int ActionId { get; set; }

    public int ColleagueId { get; set; }
    public DateTime AskedUtc { get; set; }
    public ConfirmationAnswer? Answer { get; set; }

    /// <summary>How useful it was, 1 to 5; optional.</summary>
    public int? Usefulness { get; set; }

    public string? Comment { get; set; }

    /// <summary>She chose to let the mentor read the comment; otherwise it stays with the program's numbers only.</summary>
    public bool CommentShared { get; set; }

    public DateTime? AnsweredUtc { get; set; }

    public PledgeAction Action { get; set; } = null!;

    /// <summary>The comment the mentor may read: only one she chose to share.</summary>
    public string? SharedComment => CommentShared ? Comment : null;

    /// <summary>What the mentor sees about an action: the one wording, for the week page, the action page and history.</summary>
    public static string StateLabel(ConfirmationAnswer? answer) => answer switch
    {
        ConfirmationAnswer.Happened => "Confirmed",
        ConfirmationAnswer.DidNotHappen => "She didn't recognise this",
        _ => "Not confirmed yet",
    };
}

/// <summary>
/// The marker of one week's confirmation emails (a Monday, the same label in every program): its key makes a second
/// run, or a second server, a no-op.
/// </summary>
public sealed class ConfirmationRound
{
    public DateOnly WeekStart { get; set; }
    public DateTime SentUtc { get; set; }
    public int Colleagues { get; set; }
    public int Actions { get; set; }
}

/// <summary>A private message from a colleague to the program team. Never shown to a mentor; stored encrypted.</summary>
public sealed class Concern
{
    /// <summary>The reference she is given when she sends it, and the team sees on it: "C-0042".</summary>
    public static string ReferenceOf(int id) => $"C-{id:D4}";

    public const int MessageMaxLength = 2000;

    public int Id { get; set; }

    /// <summary>Null when she chose to stay anonymous.</summary>
    public int? ColleagueId { get; set; }

    /// <summary>Encrypted like a private note (dp1: prefix).</summary>
    public string Message { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    /// <summary>The first time someone on the team opened it (each opening is audited).</summary>
    public DateTime? FirstReadUtc { get; set; }

    public Colleague? Colleague { get; set; }
}

/// <summary>Who answers the quarterly pulse.</summary>
public enum PulseSide
{
    Mentor = 1,
    Colleague = 2,
}

/// <summary>
/// How many answered a quarter's pulse with one score, per program and side (1 strongly disagree … 5 strongly agree):
/// counts, never a row per answer, so no id, insertion order or time can tie an answer to the <see cref="PulseResponse"/>
/// rows that say who answered (issue 31).
/// </summary>
public sealed class PulseTally
{
    public int ProgramId { get; set; }
    public DateOnly QuarterStart { get; set; }
    public PulseSide Side { get; set; }
    public int Score { get; set; }
    public int Count { get; set; }

    /// <summary>Agrees (4) or strongly agrees (5): what "% who agree" counts.</summary>
    public const int AgreeFrom = 4;
}

/// <summary>That someone answered a quarter's pulse (so nobody answers twice), with no trace of what they answered.</summary>
public sealed class PulseResponse
{
    public long Id { get; set; }
    public int ProgramId { get; set; }
    public DateOnly QuarterStart { get; set; }

    /// <summary>The mentor's user id, or <c>c:</c> and the colleague's id.</summary>
    public string Respondent { get; set; } = "";

    public static string ForColleague(int colleagueId) => $"c:{colleagueId}";
}

/// <summary>The marker of one quarter's pulse emails to colleagues.</summary>
public sealed class PulseRound
{
    public DateOnly QuarterStart { get; set; }
    public DateTime SentUtc { get; set; }
    public int Colleagues { get; set; }
}
