using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// Abuse limits on the pages that take a password, a token or an email from anyone: a fixed number of form posts per
/// client address per minute (`Security:RateLimitPerMinute`, default 10). Over it: 429 with Retry-After, and the app's
/// error page with a sentence. Reading pages is never limited.
/// </summary>
public static class RateLimits
{
    public const string Accounts = "accounts";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue("Security:RateLimitPerMinute", 10);
        if (perMinute < 1)
        {
            throw new StartupException("Security:RateLimitPerMinute must be 1 or more: the form posts one address may make per minute to the sign-in, password and invitation pages.");
        }

        builder.Services.AddSingleton(new AccountAttempts(perMinute));
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Accounts, context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("read")
                    : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = (context, _) =>
            {
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName ?? Accounts;
                context.HttpContext.RequestServices.GetRequiredService<Telemetry.AllyshipMetrics>().RateLimited(policy);
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }
}

/// <summary>
/// The per-account half of the abuse limits: attempts on one account (its email, or its id for a code) per minute,
/// whichever address they come from (`Security:RateLimitPerMinute` again). The lockout after 5 wrong passwords stays;
/// this also covers the pages that do not lock (forgot-password, codes).
/// </summary>
public sealed class AccountAttempts : IDisposable
{
    /// <summary>The limit's name in the rate-limit instrument (the per-address one is <see cref="RateLimits.Accounts"/>).</summary>
    public const string PerAccount = "per-account";

    private readonly PartitionedRateLimiter<string> _limiter;

    public AccountAttempts(int perMinute) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(account,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    /// <summary>Null when the attempt may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? TryAttempt(string account)
    {
        using var lease = _limiter.AttemptAcquire(account.Trim().ToLowerInvariant());
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    /// <summary>The same 429 page, with Retry-After, as the per-address limit gives.</summary>
    public IActionResult TooMany(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, TimeSpan wait)
    {
        page.HttpContext.RequestServices.GetRequiredService<Telemetry.AllyshipMetrics>().RateLimited(PerAccount);
        page.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return page.StatusCode(StatusCodes.Status429TooManyRequests);
    }

    public void Dispose() => _limiter.Dispose();
}
