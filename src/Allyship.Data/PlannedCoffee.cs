namespace Allyship.Web.Data;

/// <summary>
/// A coffee a mentor planned with a colleague: a calendar invitation to both, updated when it moves (same
/// <see cref="Uid"/>, higher <see cref="Sequence"/>) and withdrawn when cancelled. After its time one tap logs it.
/// Its state is derived from <see cref="CancelledUtc"/> and <see cref="LoggedActionId"/>, never stored beside them.
/// </summary>
public sealed class PlannedCoffee : ITimestamped, IMentorOwned
{
    public const int PlaceMaxLength = 200;
    public const int DefaultMinutes = 30;
    public const int MinMinutes = 5;
    public const int MaxMinutes = 240;
    public const int AnswerNoteMaxLength = 500;

    public int Id { get; set; }
    public int ProgramId { get; set; }
    public PledgeProgram Program { get; set; } = null!;
    public string MentorId { get; set; } = "";
    public int ColleagueId { get; set; }
    public Colleague Colleague { get; set; } = null!;

    /// <summary>When it starts, in UTC; shown and sent in <see cref="TimeZoneId"/>.</summary>
    public DateTime StartsUtc { get; set; }

    /// <summary>The IANA zone the mentor planned it in: the invitation's TZID.</summary>
    public string TimeZoneId { get; set; } = "";

    public int DurationMinutes { get; set; } = DefaultMinutes;
    public string Place { get; set; } = "";

    /// <summary>The calendar event's UID: the same for every update and the cancellation.</summary>
    public string Uid { get; set; } = "";

    /// <summary>
    /// The calendar event's SEQUENCE: 0 when first sent, one more for each change. Also the plan's concurrency token: of
    /// two moves or cancels at once, the second finds it changed and is told so, never sends a second update.
    /// </summary>
    public int Sequence { get; set; }

    /// <summary>The plan form's own id for one submission: the same form sent twice makes one plan (issue 32).</summary>
    public Guid? SubmissionId { get; set; }

    public DateTime? CancelledUtc { get; set; }

    /// <summary>What the colleague answered from her invitation, without signing in; null until she does.</summary>
    public CoffeeAnswer? Answer { get; set; }

    public DateTime? AnsweredUtc { get; set; }

    /// <summary>The start she proposed instead (<see cref="CoffeeAnswer.AnotherTime"/>), in UTC; cleared when the coffee moves.</summary>
    public DateTime? SuggestedStartsUtc { get; set; }

    /// <summary>A few words from her to the mentor with her answer (optional).</summary>
    public string? AnswerNote { get; set; }

    /// <summary>The coffee this plan became, once logged.</summary>
    public int? LoggedActionId { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public DateTime EndsUtc => StartsUtc.AddMinutes(DurationMinutes);

    /// <summary>Neither cancelled nor logged: it shows on This week and may still move.</summary>
    public bool IsOpen => CancelledUtc is null && LoggedActionId is null;

    /// <summary>"Log it" is offered once the coffee has started, for a plan still open.</summary>
    public bool MayBeLoggedAt(DateTime nowUtc) => IsOpen && nowUtc >= StartsUtc;

    /// <summary>The outbox key of one of its invitations: per plan, sequence and recipient ("mentor" or "colleague").</summary>
    public static string InvitationKey(int planId, int sequence, string recipient) => $"{InvitationKeyPrefix(planId)}{sequence}:{recipient}";

    /// <summary>What every outbox key of this plan's invitations starts with (erasure finds them by it).</summary>
    public static string InvitationKeyPrefix(int planId) => $"coffee:{planId}:";

    /// <summary>She said she can't make it: the plan was withdrawn from both calendars at her word.</summary>
    public bool DeclinedByColleague => Answer == CoffeeAnswer.CantMakeIt && CancelledUtc is not null;

    /// <summary>She proposed another time that the mentor has not acted on yet (moving the coffee clears it).</summary>
    public bool HasSuggestion => IsOpen && Answer == CoffeeAnswer.AnotherTime && SuggestedStartsUtc is not null;

    /// <summary>Open plans, for queries.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<PlannedCoffee, bool>> Open = p => p.CancelledUtc == null && p.LoggedActionId == null;
}

/// <summary>The colleague's answer to a coffee invitation, from the link in it.</summary>
public enum CoffeeAnswer
{
    /// <summary>She can't make it: the plan is cancelled and both calendars get the cancellation.</summary>
    CantMakeIt = 1,

    /// <summary>She proposed another time: the mentor is told and may move the coffee to it.</summary>
    AnotherTime = 2,
}
