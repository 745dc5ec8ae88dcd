using Allyship.Web.Data;

namespace Allyship.Web.Infrastructure.Accounts;

/// <summary>Settings under "Security" about sessions and second factors, read and checked once at start.</summary>
public sealed class SecurityOptions
{
    /// <summary>Roles that must sign in with a second factor (`Security:RequireTwoFactorFor`, comma-separated).</summary>
    public IReadOnlyList<string> RequireTwoFactorFor { get; init; } = [Roles.ProgramAdmin, Roles.HR];

    /// <summary>How long a sign-in lasts however active the person is (`Security:SessionLifetime`).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long a session survives without a request (`Security:IdleTimeout`).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(8);

    /// <summary>The idle timeout for the people who see everyone's data, ProgramAdmin and HR (`Security:PrivilegedIdleTimeout`).</summary>
    public TimeSpan PrivilegedIdleTimeout { get; init; } = TimeSpan.FromHours(1);

    public static SecurityOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Security");
        var defaults = new SecurityOptions();
        var required = section["RequireTwoFactorFor"] is { } list
            ? list.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : defaults.RequireTwoFactorFor;
        var unknown = required.Where(r => Roles.Find(r) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new StartupException($"Security:RequireTwoFactorFor names {string.Join(", ", unknown)}, which is not a role: use any of {string.Join(", ", Roles.All)}, comma-separated, or leave it empty.");
        }

        var options = new SecurityOptions
        {
            RequireTwoFactorFor = required.Select(r => Roles.Find(r)!).Distinct().ToList(), // as stored: claims compare role names exactly
            SessionLifetime = Duration(section, "SessionLifetime", defaults.SessionLifetime),
            IdleTimeout = Duration(section, "IdleTimeout", defaults.IdleTimeout),
            PrivilegedIdleTimeout = Duration(section, "PrivilegedIdleTimeout", defaults.PrivilegedIdleTimeout),
        };
        if (options.IdleTimeout > options.SessionLifetime || options.PrivilegedIdleTimeout > options.SessionLifetime)
        {
            throw new StartupException("Security:IdleTimeout and Security:PrivilegedIdleTimeout must not be longer than Security:SessionLifetime.");
        }

        return options;
    }

    public bool RequiresTwoFactor(System.Security.Claims.ClaimsPrincipal user) => RequireTwoFactorFor.Any(user.IsInRole);

    public TimeSpan IdleTimeoutFor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.ProgramAdmin) || user.IsInRole(Roles.HR) ? PrivilegedIdleTimeout : IdleTimeout;

    private static TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        return TimeSpan.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new StartupException($"Security:{key} must be a duration like 8:00:00 (eight hours) or 7.00:00:00 (seven days); it is \"{raw}\".");
    }
}
