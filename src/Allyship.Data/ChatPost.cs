namespace Allyship.Web.Data;

/// <summary>Where a program's shout-outs may be posted: a Slack or Microsoft Teams incoming webhook.</summary>
public enum ChatService
{
    Slack = 1,
    Teams = 2,
}

public enum ChatPostStatus
{
    Pending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>
/// A shout-out on its way to the program's chat channel: the chat outbox. Written in the same transaction as the
/// shout-out; a job posts it with retries. One per action (unique <see cref="ActionId"/>): posted exactly once.
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

    /// <summary>Set while a dispatcher holds the row, so a second server leaves it alone.</summary>
    public DateTime? LockedUntilUtc { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failures: 1, 2, 4… minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));
}
