using Allyship.Web.Data;

namespace Allyship.Web.Features.People;

/// <summary>
/// Security events: each is an audit entry (in the unit of work of the change it describes, or saved on its own) and a
/// structured log entry, with the client's address. Never a password, a code or a token; in the log, never an email
/// address either (the user's id instead).
/// </summary>
public sealed class SecurityEvents(AllyshipDbContext db, AuditLog audit, IHttpContextAccessor http, Infrastructure.Telemetry.AllyshipMetrics metrics,
    ILogger<SecurityEvents> log)
{
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string LockedOut = "signin.locked-out";
    public const string PasswordChanged = "password.change";
    public const string PasswordReset = "password.reset";
    public const string PasswordSet = "password.set";
    public const string ResetRequested = "password.reset-requested";
    public const string TwoFactorOn = "two-factor.on";
    public const string TwoFactorOff = "two-factor.off";
    public const string RecoveryCodesRenewed = "two-factor.recovery-codes";
    public const string RecoveryCodeUsed = "two-factor.recovery-code-used";
    public const string CodeRefused = "two-factor.code-refused";
    public const string SsoLinked = "sso.linked";
    public const string SsoRefused = "sso.refused";
    public const string SessionsRevoked = "sessions.revoke";

    /// <summary>Adds the event to the unit of work (saved with the change) and logs it.</summary>
    public void Record(string kind, AppUser? user, string? account = null, string? details = null)
    {
        if (SignInOutcome(kind) is { } outcome)
        {
            metrics.SignIn(outcome);
        }

        var address = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "";
        var target = user?.Email ?? account ?? "";
        audit.Record(user?.Id ?? "", user?.Email ?? "", kind, target, string.IsNullOrEmpty(address) ? details : $"{details}{(details is null ? "" : "; ")}from {address}");
        // The log names the account by its id only (the audit entry above holds the address, for admins); an address
        // typed for no account is told at Debug, where an operator looking into an attack can turn it on.
        log.LogInformation("Security event {SecurityEvent} for user {UserId} from {Address}: {Details}", kind, user?.Id ?? "(no account)", address,
            Infrastructure.LogText.WithoutEmailAddresses(details));
        if (user is null && !string.IsNullOrEmpty(target))
        {
            log.LogDebug("Security event {SecurityEvent} with no account was for {Account}", kind, target);
        }
    }

    /// <summary>The sign-in attempts among the events, for the sign-in instrument: a refused code or single sign-on is a failure.</summary>
    private static string? SignInOutcome(string kind) => kind switch
    {
        SignInSucceeded => "success",
        SignInFailed or CodeRefused or SsoRefused => "failure",
        LockedOut => "locked_out",
        _ => null,
    };

    /// <summary>An event that changes nothing else (a refused sign-in): recorded and saved on its own.</summary>
    public async Task SaveAsync(string kind, AppUser? user, string? account = null, string? details = null)
    {
        Record(kind, user, account, details);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
