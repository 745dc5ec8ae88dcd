namespace Allyship.Web.Data;

/// <summary>
/// One browser, on one phone or computer, that a person turned notifications on in (Settings → Turn on notifications):
/// its Web Push subscription. Removed when she turns them off there, or when the push service answers 404 or 410 (the
/// browser dropped the subscription: the app uninstalled, site data cleared, signed out on that device).
/// </summary>
public sealed class PushDevice : ITimestamped
{
    public const int EndpointMaxLength = 1000;
    public const int LabelMaxLength = 100;

    public int Id { get; set; }
    public string UserId { get; set; } = "";

    /// <summary>The push service's URL for this subscription (unique): only hosts of known push services (<c>PushRules</c>).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The browser's P-256 public key (base64url), for the message's encryption (RFC 8291).</summary>
    public string P256dh { get; set; } = "";

    /// <summary>The browser's 16-byte authentication secret (base64url).</summary>
    public string Auth { get; set; } = "";

    /// <summary>The browser and system, "Chrome|Android": her list of devices says "Chrome on Android" in her language.</summary>
    public string Label { get; set; } = "";

    public DateTime? LastDeliveredUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

public enum PushStatus
{
    /// <summary>Waiting: not yet sent, or refused for a reason that may pass (the push service busy), due at <see cref="PushDelivery.NextAttemptUtc"/>.</summary>
    Pending = 1,

    /// <summary>Claimed by a dispatcher until <see cref="PushDelivery.LockedUntilUtc"/>.</summary>
    Sending = 2,

    /// <summary>The push service took it (201).</summary>
    Sent = 3,

    /// <summary>Refused for good, out of attempts, or too late to matter.</summary>
    Failed = 4,

    /// <summary>The device's subscription had ended (404/410): the device was removed.</summary>
    Gone = 5,
}

/// <summary>
/// One notification to one device, in the push outbox: written in the same transaction as what caused it (a reminder, a
/// colleague's confirmation), sent by a job with retries. <see cref="Key"/> is unique (what × device): a second run adds
/// nothing. A retry after no answer carries the same Web Push topic and notification tag, so the push service and the
/// phone replace rather than add: she sees it once.
/// </summary>
public sealed class PushDelivery : ITimestamped
{
    public const int KeyMaxLength = 200;
    public const int MaxAttempts = 6;

    public long Id { get; set; }
    public int DeviceId { get; set; }
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>Where a tap on the notification opens, a path in the app: /week, /log/coffee?program=3.</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// The email this notification goes instead of (notifications only): if no device receives it, that email is released
    /// to be sent after all.
    /// </summary>
    public string? InsteadOfEmailKey { get; set; }

    public PushStatus Status { get; set; } = PushStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }

    /// <summary>After this a reminder is stale (its week ended): failed, not sent.</summary>
    public DateTime ExpiresUtc { get; set; }

    public DateTime? LockedUntilUtc { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failures: 1, 2, 4… minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>
/// A key the server made for itself on first start and keeps (the VAPID key pair that signs Web Push requests): one row per
/// name, the secret part protected with the Data Protection keys, in the same database.
/// </summary>
public sealed class ServerKey
{
    public const string Vapid = "vapid";

    public string Name { get; set; } = "";

    /// <summary>The public part, as clients are given it (base64url).</summary>
    public string PublicValue { get; set; } = "";

    /// <summary>The private part, protected by Data Protection.</summary>
    public string ProtectedValue { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}
