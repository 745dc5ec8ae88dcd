using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure.Accounts;

/// <summary>
/// When a session ends: after `Security:SessionLifetime` however active, after the idle timeout of the person's role
/// without a request, and (Identity's security stamp, checked every minute) when the account's stamp changes.
/// </summary>
public static class Sessions
{
    /// <summary>The "amr" value for a sign-in that used a second factor (ours, or the company's identity provider's).</summary>
    public const string MultiFactor = "mfa";
    public const string AuthenticationMethods = "amr";

    private const string SignedInAt = ".allyship.signed-in";

    public static void Configure(CookieAuthenticationOptions options, SecurityOptions security)
    {
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = security.IdleTimeout;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.CookieManager = new HostPrefixCookieManager();
        options.Events.OnSigningIn = context =>
        {
            var now = context.Properties.IssuedUtc ?? DateTimeOffset.UtcNow;
            context.Properties.Items.TryAdd(SignedInAt, now.UtcTicks.ToString(CultureInfo.InvariantCulture));
            context.Properties.ExpiresUtc = now + security.IdleTimeoutFor(context.Principal!);
            return Task.CompletedTask;
        };
        options.Events.OnValidatePrincipal = async context =>
        {
            var now = context.Options.TimeProvider?.GetUtcNow() ?? DateTimeOffset.UtcNow;
            if (!context.Properties.Items.TryGetValue(SignedInAt, out var raw) || !long.TryParse(raw, CultureInfo.InvariantCulture, out var ticks)
                || now - new DateTimeOffset(ticks, TimeSpan.Zero) > security.SessionLifetime)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            if (await EndedOnThisInstanceAsync(context))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            await CheckStampAsync(context, now);
            if (context.Principal is null)
            {
                return;
            }

            // The role decides the idle timeout; a role gained or lost during the session changes it from now on.
            var idle = security.IdleTimeoutFor(context.Principal);
            if (context.Properties.IssuedUtc is { } issued && context.Properties.ExpiresUtc != issued + idle)
            {
                context.Properties.ExpiresUtc = issued + idle;
                if (now > issued + idle)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                context.ShouldRenew = true;
            }
        };
    }

    /// <summary>
    /// Identity's stamp check (a user, claims and roles read, at most a minute apart for a cookie), done once per cookie
    /// and minute on this instance: a client that keeps sending the same cookie (several tabs, a script, a load test) does
    /// not repeat it on every request until its renewed cookie arrives. The result is kept in the one cache under the
    /// account's tag: a change to the account (sign-out everywhere, password, role lost, deactivation) drops it at its
    /// commit, on every instance that hears it, and otherwise it lasts a minute after the check.
    /// </summary>
    private static async Task CheckStampAsync(CookieValidatePrincipalContext context, DateTimeOffset now)
    {
        var services = context.HttpContext.RequestServices;
        var interval = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var due = context.Properties.IssuedUtc is not { } issued || now - issued > interval;
        if (!due || context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
            return;
        }

        var key = $"stamp-checked:{userId}:{context.Principal.FindFirstValue(stampClaim)}:{context.Properties.IssuedUtc?.UtcTicks}";
        var changes = services.GetRequiredService<DataChanges>();
        var started = changes.Mark();
        if (await changes.FindAsync<StampChecked>(key, context.HttpContext.RequestAborted) is { Value: var done } && now - done.At < interval)
        {
            context.ReplacePrincipal(done.Principal);
            return;
        }

        // Run here, never inside the cache's shared read: Identity's check needs this request (its sign-out, its context).
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is { } principal)
        {
            await changes.KeepAsync(key, new StampChecked(principal, now), DataChanges.SmallValue, [DataChanges.OfAccount(userId)], interval, started, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>
    /// Signing out renews the account's stamp, which every instance notices within a minute (the stamp check). The
    /// instance that served the sign-out knows at once: it remembers the stamp it ended, for that minute, and refuses any
    /// cookie still carrying it, so a cookie copied before sign-out stops working here straight away. Kept in the one
    /// cache under no tag: the sign-out's own change to the account must not drop it.
    /// </summary>
    public static async Task EndHereAsync(HttpContext context, ClaimsPrincipal signingOut)
    {
        var services = context.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (signingOut.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && signingOut.FindFirstValue(stampClaim) is { } stamp)
        {
            var interval = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
            var changes = services.GetRequiredService<DataChanges>();
            await changes.KeepAsync(EndedKey(userId, stamp), Ended, DataChanges.SmallValue, [], interval + interval, changes.Mark(), CancellationToken.None);
        }
    }

    private static async Task<bool> EndedOnThisInstanceAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        return context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            && context.Principal.FindFirstValue(stampClaim) is { } stamp
            && await services.GetRequiredService<DataChanges>().FindAsync<object>(EndedKey(userId, stamp), context.HttpContext.RequestAborted) is not null;
    }

    private static string EndedKey(string userId, string stamp) => $"stamp-ended:{userId}:{stamp}";

    private static readonly object Ended = new();

    /// <summary>A stamp check passed: the principal it left, and when by the app's clock.</summary>
    private sealed record StampChecked(ClaimsPrincipal Principal, DateTimeOffset At);

    /// <summary>The stamp check rebuilds the principal from the database: keep how the person signed in (a second factor).</summary>
    public static Task KeepAuthenticationMethods(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var claim in current.FindAll(AuthenticationMethods).Where(c => !context.NewPrincipal.HasClaim(AuthenticationMethods, c.Value)))
            {
                identity.AddClaim(new Claim(AuthenticationMethods, claim.Value));
            }
        }

        return Task.CompletedTask;
    }

    public static bool UsedSecondFactor(this ClaimsPrincipal user) => user.HasClaim(AuthenticationMethods, MultiFactor);
}

/// <summary>
/// Over HTTPS the sign-in cookie is `__Host-` prefixed (Secure, path /, no domain: no subdomain can set or read it);
/// over plain HTTP on a developer's machine it keeps its plain name, which browsers would otherwise refuse.
/// </summary>
public sealed class HostPrefixCookieManager : ICookieManager
{
    private const string Prefix = "__Host-";
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, NameFor(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, NameFor(context, key), value, Harden(context, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, NameFor(context, key), Harden(context, options));

    private static string NameFor(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;

    private static CookieOptions Harden(HttpContext context, CookieOptions options)
    {
        if (context.Request.IsHttps)
        {
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }

        return options;
    }
}

/// <summary>
/// `Security:RequireTwoFactorFor`: a person in one of those roles who signed in without a second factor reaches only the
/// two-factor setup page (and signing out) until they have one.
/// </summary>
public static class TwoFactorGate
{
    public const string SetupPath = "/account/two-factor";
    private static readonly string[] Open = [SetupPath, "/account/sign-out", "/error", "/health"];

    public static IApplicationBuilder UseTwoFactorGate(this IApplicationBuilder app, SecurityOptions security) =>
        app.Use((context, next) =>
        {
            var user = context.User;
            if (security.RequireTwoFactorFor.Count == 0 || user.Identity?.IsAuthenticated != true || user.UsedSecondFactor()
                || !security.RequiresTwoFactor(user) || Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                return next();
            }

            context.Response.Redirect(SetupPath + "?required=1");
            return Task.CompletedTask;
        });
}
