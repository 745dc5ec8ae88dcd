namespace Allyship.Web.Data;

public enum EmailStatus
{
    Pending = 1,
    Sent = 2,
    Failed = 3,

    /// <summary>Not emailed: the person chose to get this in Slack only, and it went there (kept: it counts as the day's reminder).</summary>
    InChat = 4,

    /// <summary>
    /// Held: the person chose notifications instead, and it went to her devices (kept: it counts as the day's reminder).
    /// Released to be sent if no device receives it.
    /// </summary>
    AsNotification = 5,
}

public enum EmailKind
{
    Reminder = 1,
    LastCall = 2,
    WeeklySummary = 3,
    AdminDigest = 4,

    /// <summary>Carries a one-time link to join: its body is cleared the moment it is sent.</summary>
    Invitation = 5,

    /// <summary>Carries a one-time link to set a password: its body is cleared the moment it is sent.</summary>
    PasswordReset = 6,
    /// <summary>To a colleague: did last week's actions happen?</summary>
    Confirmation = 7,

    /// <summary>To a colleague: the quarterly allyship pulse.</summary>
    Pulse = 8,

    /// <summary>To the program team: a colleague raised a concern (the message itself stays out of email).</summary>
    ConcernRaised = 10,

    /// <summary>To a senior leader: the accomplishments mentors told them about this week.</summary>
    LeaderDigest = 11,

    /// <summary>To a mentor, from a program admin on the dashboard: "we've missed you". A reminder-type email.</summary>
    Nudge = 12,

    /// <summary>To a mentor who just accepted an invitation into a program: why the pledge, and where to start.</summary>
    Welcome = 13,

    /// <summary>To a mentor and a colleague: a planned coffee as a calendar invitation (or its update or cancellation).</summary>
    CoffeeInvite = 14,

    /// <summary>To a colleague: the program team replied to her concern (the reply itself stays out of email).</summary>
    ConcernReply = 20,

    /// <summary>To a concern's owner (or the program team): its expected reply time has passed without a reply.</summary>
    ConcernOverdue = 21,
    Other = 9,
}

/// <summary>
/// One email in the outbox. Written in the same transaction as whatever caused it; a job sends it over SMTP with
/// retries. The unique <see cref="DeduplicationKey"/> makes "never twice" a database fact, not a hope.
/// </summary>
public sealed class EmailMessage : ITimestamped
{
    public const int SubjectMaxLength = 200;
    public const int KeyMaxLength = 200;

    public long Id { get; set; }
    public string ToAddress { get; set; } = "";
    public string? ToName { get; set; }
    public string Subject { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public string TextBody { get; set; } = "";
    public EmailKind Kind { get; set; }
    public string DeduplicationKey { get; set; } = "";

    /// <summary>The one-click unsubscribe URL sent as List-Unsubscribe; null for mail one cannot opt out of.</summary>
    public string? UnsubscribeUrl { get; set; }

    public string? UserId { get; set; }

    /// <summary>An iCalendar invitation (RFC 5545) sent along as invite.ics; null for most emails.</summary>
    public string? Calendar { get; set; }

    public EmailStatus Status { get; set; } = EmailStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentUtc { get; set; }

    /// <summary>Set while a dispatcher holds this row, so a second server leaves it alone; renewed just before the send.</summary>
    public DateTime? LockedUntilUtc { get; set; }

    /// <summary>The batch that claimed the row: a dispatcher only sends and marks rows still claimed under its own token.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>The first failed attempt of the current round: retries go on until Email:GiveUpAfter has passed since.</summary>
    public DateTime? FirstFailedUtc { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>
    /// Emails whose body is a key (a one-time link): once sent, nothing in the outbox may still open the door. The row
    /// (who, when, which key) stays for the exactly-once guarantee.
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<EmailMessage, bool>> CarriesOneTimeLink =
        e => e.Kind == EmailKind.Invitation || e.Kind == EmailKind.PasswordReset;

    /// <summary>What a cleared body says, on /admin/emails and in an export.</summary>
    public const string ClearedBody = "(cleared after sending)";
}
