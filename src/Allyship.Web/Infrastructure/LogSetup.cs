using Microsoft.Extensions.Logging.Console;

namespace Allyship.Web.Infrastructure;

/// <summary>How the console log is written: one JSON object a line (for a log collector) or text for a person.</summary>
public enum LogFormat
{
    Json,
    Simple,
}

/// <summary>
/// The console log. Outside Development (or with <c>Logging:Format</c> = <c>json</c>) each line is one JSON object with
/// a UTC timestamp and, in its scopes, the trace and span ids of the request or job it belongs to, so a collector can
/// put a request's lines together. Development keeps the simple, readable console. No line at Information or above
/// names a person: log ids, never email addresses, names or notes (LogPrivacyTests reads every line to check).
/// </summary>
public static class LogSetup
{
    public const string FormatKey = "Logging:Format";

    public static WebApplicationBuilder AddStructuredLogs(this WebApplicationBuilder builder)
    {
        var format = FormatOf(builder.Configuration[FormatKey], builder.Environment);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (format == LogFormat.Json)
        {
            // The built-in json formatter's lines and options (AddJsonConsole), written by JsonLogFormatter, which masks
            // the keys in a request's path (a colleague's pages have theirs in it).
            builder.Logging.AddConsole(o => o.FormatterName = JsonLogFormatter.FormatterName)
                .AddConsoleFormatter<JsonLogFormatter, JsonConsoleFormatterOptions>(o =>
                {
                    o.IncludeScopes = true; // the trace and span ids are a scope: without this they are not written
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
        }
        else
        {
            builder.Logging.AddSimpleConsole();
        }

        return builder;
    }

    /// <summary>The configured format; none set is JSON everywhere but Development.</summary>
    public static LogFormat FormatOf(string? setting, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return environment.IsDevelopment() ? LogFormat.Simple : LogFormat.Json;
        }

        return Enum.TryParse<LogFormat>(setting.Trim(), ignoreCase: true, out var format) && Enum.IsDefined(format)
            ? format
            : throw new StartupException($"{FormatKey} is \"{setting}\": set it to json or simple, or leave it out (json, or simple in Development).");
    }
}
