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

    /// <summary>
    /// Where the team is with it. Concerns raised before there were states stay <see cref="ConcernState.New"/> even if
    /// someone read them: reading is not handling (nobody owns them, nobody answered her), and "new" keeps them in front
    /// of the team until someone takes them on.
    /// </summary>
    public ConcernState State { get; set; }

    /// <summary>The program admin or HR user who handles it; null until someone takes it on.</summary>
    public string? OwnerId { get; set; }

    /// <summary>
    /// Whose link leads back to it: her colleague id, encrypted like the message, for anonymous concerns too. The team
    /// never sees it; her concern page (any of her signed links) finds her concerns by it, so she reads the team's
    /// replies without giving her name. Cleared when she is erased.
    /// </summary>
    public string? ReplyTo { get; set; }

    public Colleague? Colleague { get; set; }

    public List<ConcernEntry> Entries { get; set; } = [];

    /// <summary>
    /// When the team aims to have answered her: <paramref name="workingDays"/> working days (Monday to Friday) after it
    /// arrived, at the same time of day. The one home of "overdue", for her page, the team's page and the reminder job.
    /// </summary>
    public static DateTime ReplyDueUtc(DateTime createdUtc, int workingDays)
    {
        var due = createdUtc;
        for (var left = workingDays; left > 0;)
        {
            due = due.AddDays(1);
            if (due.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }

        return due;
    }

    /// <summary>Still waiting for the team's first reply past <see cref="ReplyDueUtc"/>: not resolved, nothing written to her.</summary>
    public static bool IsOverdue(ConcernState state, DateTime createdUtc, bool replied, int workingDays, DateTime nowUtc) =>
        state != ConcernState.Resolved && !replied && nowUtc > ReplyDueUtc(createdUtc, workingDays);

    /// <summary>What the team reads about a state.</summary>
    public static string StateLabel(ConcernState state) => state switch
    {
        ConcernState.InProgress => "In progress",
        ConcernState.Resolved => "Resolved",
        _ => "New",
    };

    /// <summary>What she reads about a state on her concern page.</summary>
    public static string StateForHer(ConcernState state) => state switch
    {
        ConcernState.InProgress => "The program team is working on it",
        ConcernState.Resolved => "Resolved",
        _ => "Received",
    };
}

/// <summary>Where the program team is with a concern.</summary>
public enum ConcernState
{
    New = 0,
    InProgress = 1,
    Resolved = 2,
}

public enum ConcernEntryKind
{
    /// <summary>For the program team only.</summary>
    Note = 1,

    /// <summary>To her: she reads it through her concern link.</summary>
    Reply = 2,
}

/// <summary>An internal note or a reply to her on a concern; its text encrypted like the concern's message.</summary>
public sealed class ConcernEntry
{
    public const int TextMaxLength = 2000;

    public int Id { get; set; }
    public int ConcernId { get; set; }
    public ConcernEntryKind Kind { get; set; }

    /// <summary>Encrypted like a private note (dp1: prefix).</summary>
    public string Text { get; set; } = "";

    /// <summary>The program admin or HR user who wrote it; null once their account is gone.</summary>
    public string? AuthorId { get; set; }

    public DateTime CreatedUtc { get; set; }
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
