namespace Allyship.Web.Data;

/// <summary>
/// A colleague a mentor chose to support in a program (on the welcome page), before any action names her: she is among
/// "People you support" on the log forms and on My colleagues from then on.
/// </summary>
public sealed class ChosenColleague : IMentorOwned
{
    /// <summary>How many colleagues the welcome asks a mentor to choose, at most.</summary>
    public const int MaxPerMentor = 3;

    public int Id { get; set; }
    public string MentorId { get; set; } = "";
    public int ProgramId { get; set; }
    public int ColleagueId { get; set; }
    public Colleague Colleague { get; set; } = null!;
    public DateTime ChosenUtc { get; set; }
}

/// <summary>
/// A mentor's private self-check, "allyship starts at home": her answers, encrypted like private notes, for her alone.
/// Never read by any dashboard, report, export, email or admin page; she deletes it whenever she likes.
/// </summary>
public sealed class SelfCheck
{
    public const int AnswersStoredMaxLength = 40000;

    public string MentorId { get; set; } = "";

    /// <summary>The answers as JSON, encrypted (NoteProtector).</summary>
    public string Answers { get; set; } = "";

    public DateTime UpdatedUtc { get; set; }
}

/// <summary>
/// A colleague the program team suggested to a mentor from the dashboard (she was overlooked): first among his
/// suggestions on This week until he gives her a shout-out or a sponsor note. Audited when made.
/// </summary>
public sealed class TeamSuggestion : IMentorOwned
{
    public int Id { get; set; }
    public int ProgramId { get; set; }
    public string MentorId { get; set; } = "";
    public int ColleagueId { get; set; }
    public Colleague Colleague { get; set; } = null!;

    /// <summary>Who on the program team suggested her (their account; kept if they leave, as the audit log keeps them).</summary>
    public string? SuggestedById { get; set; }

    public DateTime SuggestedUtc { get; set; }
}
