using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// Requests the app refuses get its own error page with a sentence (status-code pages), not Kestrel's empty answer:
/// header blocks larger than <see cref="MaxHeaderBytes"/> are a 431 decided here (Kestrel's own limit is raised above
/// it), and a NUL character in the query string or a form field is a 400 (PostgreSQL can't store NUL in text, and
/// no form of ours wants one). Bodies over Kestrel's limit come back as 413 through the same page.
/// </summary>
public static class RequestLimits
{
    public const int MaxHeaderBytes = 32 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes * 4);
        return builder;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/error"))
            {
                await next();
                return;
            }

            var headerBytes = request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);
            if (headerBytes > MaxHeaderBytes)
            {
                context.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
                return;
            }

            if (HasNul(request.Query.SelectMany(q => q.Value)) || HasNul(request.Path.Value))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (request.HasFormContentType)
            {
                IFormCollection form;
                try
                {
                    // A plain form is buffered and rewound: an endpoint that checks a signature over the raw body (Slack's
                    // requests) reads it again. Uploads (multipart) are read once, as before.
                    var plain = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
                    if (plain)
                    {
                        request.EnableBuffering();
                    }

                    form = await request.ReadFormAsync(context.RequestAborted);
                    if (plain)
                    {
                        request.Body.Position = 0;
                    }
                }
                catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
                {
                    context.Response.StatusCode = ex.StatusCode; // 413 for a body over the limit
                    return;
                }
                catch (InvalidDataException ex)
                {
                    // "Form value length limit … exceeded" and its kin are sizes; anything else is a malformed body.
                    context.Response.StatusCode = ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                        ? StatusCodes.Status413PayloadTooLarge
                        : StatusCodes.Status400BadRequest;
                    LoggerOf(context).LogInformation("Refused a form: {Reason}", ex.Message);
                    return;
                }

                if (HasNul(form.SelectMany(f => f.Value)) || form.Files.Any(f => HasNul(f.FileName)))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }
            }

            await next();
        });

    private static ILogger LoggerOf(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLimits).FullName!);

    private static bool HasNul(IEnumerable<string?> values) => values.Any(HasNul);

    private static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);
}
