using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// The console's JSON lines, as the built-in <c>json</c> formatter writes them (Timestamp, EventId, LogLevel, Category,
/// Message, Exception, State, Scopes), with one difference: a key in a path is masked. ASP.NET Core puts every request's
/// <c>RequestPath</c> in a scope, and a colleague's pages and an invitation carry their key in the path
/// (<c>/colleague/concern/CfDJ8…</c>): written as it is, any warning logged while she reads her page would hand the
/// log's readers the key to it. A path segment of 40 or more URL-safe characters is written as <c>{key}</c>; ids (a GUID
/// is 36) stay. The built-in formatter cannot be told to leave a scope out.
/// </summary>
public sealed partial class JsonLogFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "allyship-json";

    private readonly IDisposable? _reload;
    private JsonConsoleFormatterOptions _options;

    public JsonLogFormatter(IOptionsMonitor<JsonConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    public void Dispose() => _reload?.Dispose();

    /// <summary>The path with each key-like segment replaced by <c>{key}</c>.</summary>
    public static string MaskKeys(string path) => KeySegment().Replace(path, "{key}");

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
        {
            return;
        }

        var options = _options;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options.JsonWriterOptions))
        {
            writer.WriteStartObject();
            if (options.TimestampFormat is { } format)
            {
                var now = options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
                writer.WriteString("Timestamp", now.ToString(format, CultureInfo.InvariantCulture));
            }

            writer.WriteNumber("EventId", logEntry.EventId.Id);
            writer.WriteString("LogLevel", logEntry.LogLevel.ToString());
            writer.WriteString("Category", logEntry.Category);
            writer.WriteString("Message", message);
            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("Exception", exception.ToString());
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> state)
            {
                writer.WriteStartObject("State");
                writer.WriteString("Message", logEntry.State.ToString());
                foreach (var (key, value) in state)
                {
                    WriteValue(writer, key, value);
                }

                writer.WriteEndObject();
            }

            if (options.IncludeScopes && scopeProvider is not null)
            {
                writer.WriteStartArray("Scopes");
                scopeProvider.ForEachScope(static (scope, w) => WriteScope(w, scope), writer);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteScope(Utf8JsonWriter writer, object? scope)
    {
        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            // The pairs only: a scope's own text (ASP.NET Core's "RequestPath:/… RequestId:…") would repeat the path.
            writer.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                var text = Text(value);
                writer.WriteString(key, key.EndsWith("Path", StringComparison.Ordinal) ? MaskKeys(text) : text);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStringValue(MaskKeys(Text(scope)));
        }
    }

    /// <summary>Numbers and booleans as JSON numbers and booleans, as the built-in formatter writes them; the rest as text.</summary>
    private static void WriteValue(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case bool b: writer.WriteBoolean(key, b); break;
            case int i: writer.WriteNumber(key, i); break;
            case long l: writer.WriteNumber(key, l); break;
            case double d when double.IsFinite(d): writer.WriteNumber(key, d); break;
            case decimal m: writer.WriteNumber(key, m); break;
            default: writer.WriteString(key, Text(value)); break;
        }
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    [GeneratedRegex("(?<=/)[A-Za-z0-9_-]{40,}(?=/|$|\\?)")]
    private static partial Regex KeySegment();
}
