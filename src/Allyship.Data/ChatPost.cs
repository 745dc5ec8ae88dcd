namespace Allyship.Web.Data;

/// <summary>Where a program's shout-outs may be posted: a Slack or Microsoft Teams incoming webhook.</summary>
public enum ChatService
{
    Slack = 1,
    Teams = 2,
}

/// <summary>
/// Where a chat post stands. A post is sent at most once: <see cref="Posting"/> is committed before the request leaves,
/// so a post whose outcome is unknown (no answer in time, or the app stopped mid-post) becomes <see cref="Uncertain"/>
/// and waits for a person instead of being posted a second time.
/// </summary>
public enum ChatPostStatus
{
    /// <summary>Waiting to be posted: not yet tried, or tried and refused (nothing reached the channel), due again at <see cref="ChatPost.NextAttemptUtc"/>.</summary>
    Pending = 1,
    Sent = 2,

    /// <summary>Refused <see cref="ChatPost.MaxAttempts"/> times: nothing reached the channel; an admin may retry it.</summary>
    Failed = 3,

    /// <summary>Claimed by a dispatcher until <see cref="ChatPost.LockedUntilUtc"/>; the request may be on its way.</summary>
    Posting = 4,

    /// <summary>The request may have reached the chat, but no answer came: never posted again automatically; an admin checks the channel.</summary>
    Uncertain = 5,
}

/// <summary>
/// A shout-out on its way to the program's chat channel: the chat outbox. Written in the same transaction as the
/// shout-out; a job posts it, retrying only what was refused. One per action (unique <see cref="ActionId"/>): posted at most once.
/// </summary>
public sealed class ChatPost : ITimestamped
{
    public const int TextMaxLength = 2000;
    public const int MaxAttempts = 8;

    public long Id { get; set; }
    public int ProgramId { get; set; }
    public int ActionId { get; set; }
    public string Text { get; set; } = "";
    public ChatPostStatus Status { get; set; } = ChatPostStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentUtc { get; set; }

    /// <summary>Until when a dispatcher holds the row (<see cref="ChatPostStatus.Posting"/>): a claim past it was cut short by a crash.</summary>
    public DateTime? LockedUntilUtc { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failures: 1, 2, 4… minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));
}
