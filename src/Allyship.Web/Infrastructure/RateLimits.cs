using System.Globalization;
using System.Threading.RateLimiting;

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
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }
}
