namespace Allyship.Web.Data;

/// <summary>The chat apps people can act from: Slack (a Slack app installed in a workspace) and Microsoft Teams (an outgoing webhook).</summary>
public enum ChatApp
{
    Slack = 1,
    Teams = 2,
}

/// <summary>
/// Where the chat app is installed: a Slack workspace (its bot token), or a Teams outgoing webhook (its security token).
/// <see cref="Secret"/> is encrypted at rest like the program webhooks.
/// </summary>
public sealed class ChatAppInstallation : ITimestamped
{
    public const int SecretMaxLength = 4000;

    public int Id { get; set; }
    public ChatApp App { get; set; }

    /// <summary>Slack's team id ("T…"); for Teams, <see cref="TeamsWebhook"/>.</summary>
    public string TeamId { get; set; } = "";

    public string TeamName { get; set; } = "";

    /// <summary>The bot token (Slack) or the HMAC key (Teams), protected.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The app's own bot user in the workspace (Slack).</summary>
    public string? BotUserId { get; set; }

    public string? InstalledById { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public const string TeamsWebhook = "outgoing-webhook";
}

/// <summary>
/// A person's chat account linked to their Allyship account: by a one-time link they opened while signed in, never by
/// display name. One per person and app; one person per chat account.
/// </summary>
public sealed class ChatAccount : ITimestamped
{
    public int Id { get; set; }
    public ChatApp App { get; set; }
    public string TeamId { get; set; } = "";
    public string ExternalUserId { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

public enum ChatCallStatus
{
    /// <summary>Waiting: not yet made, or refused for a reason that may pass (rate limit, Slack down), due again at <see cref="ChatCall.NextAttemptUtc"/>.</summary>
    Pending = 1,

    /// <summary>Claimed by a dispatcher until <see cref="ChatCall.LockedUntilUtc"/>.</summary>
    Calling = 2,

    Done = 3,

    /// <summary>Refused for good (a wrong token, a closed channel), out of attempts, or too late (a modal's trigger lasts 3 seconds).</summary>
    Failed = 4,

    /// <summary>Sent with no answer: it may have arrived, so it is never made again automatically.</summary>
    Uncertain = 5,

    /// <summary>Nothing to do: the person has no account in the workspace under that email.</summary>
    Skipped = 6,
}

/// <summary>
/// One call to Slack's Web API, in the chat-app outbox: written in the same transaction as what caused it (a reminder,
/// a confirmation request), made by a job with retries that honour Retry-After. <see cref="Key"/> is unique: a second
/// run of the job adds nothing. A call with <see cref="LookupEmail"/> first finds the person by that email
/// (users.lookupByEmail) and sends to them; nobody found, it is skipped.
/// </summary>
public sealed class ChatCall : ITimestamped
{
    public const int KeyMaxLength = 200;
    public const int MaxAttempts = 8;

    public long Id { get; set; }
    public string TeamId { get; set; } = "";

    /// <summary>The Web API method: chat.postMessage, chat.update, views.open…</summary>
    public string Method { get; set; } = "";

    /// <summary>The JSON arguments (a direct message's "channel" is filled in from the lookup).</summary>
    public string Body { get; set; } = "";

    public string? LookupEmail { get; set; }

    /// <summary>
    /// The email this message goes instead of (a Slack-only reminder, <see cref="EmailStatus.InChat"/>): if the call ends
    /// without reaching the person (failed, skipped, uncertain), that email is released to be sent after all.
    /// </summary>
    public string? InsteadOfEmailKey { get; set; }

    public string Key { get; set; } = "";
    public ChatCallStatus Status { get; set; } = ChatCallStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }

    /// <summary>After this the call is pointless (a modal's trigger id lasts 3 seconds): failed, not made.</summary>
    public DateTime? ExpiresUtc { get; set; }

    public DateTime? LockedUntilUtc { get; set; }
    public string? LastError { get; set; }
    public DateTime? DoneUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failures: 1, 2, 4… minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>
/// A code a signed-in person takes from Allyship and sends from a chat (`@Allyship connect 4K7Q-M2XP` in Teams), which
/// connects the chat account that sent it to hers: the code travels from her, so nobody can hand her someone else's
/// chat account. Stored hashed; once, within <see cref="Lifetime"/>.
/// </summary>
public sealed class ChatLinkCode
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public int Id { get; set; }
    public ChatApp App { get; set; }
    public string UserId { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
}

/// <summary>Where a mentor's reminders go: email, a Slack direct message, or both.</summary>
public enum ReminderChannel
{
    Email = 1,
    Slack = 2,
    Both = 3,
}
