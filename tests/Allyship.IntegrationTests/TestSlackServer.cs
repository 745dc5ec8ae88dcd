using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Allyship.IntegrationTests;

/// <summary>
/// A local stand-in for Slack's Web API and OAuth endpoints: records every call (method, token, arguments) and answers as
/// Slack does. Knows the workspace's people by email (users.lookupByEmail); can answer the next calls of a method with
/// 429 and a Retry-After, as Slack's rate limiter does.
/// </summary>
public sealed class TestSlackServer : IAsyncDisposable
{
    public const string TeamId = "T0ALLYSHIP";
    public const string TeamName = "Acme Corp";
    public const string BotToken = "xoxb-test-bot-token";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, string> _people = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _rateLimited = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refused = new(StringComparer.Ordinal);
    private int _ts;

    public sealed record SlackCall(string Method, string? Token, JsonObject Arguments);

    public TestSlackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string ApiBaseUrl => $"http://127.0.0.1:{Port}/api/";

    public string AuthorizeUrl => $"http://127.0.0.1:{Port}/oauth/v2/authorize";

    public IReadOnlyList<SlackCall> Calls => _calls.ToList();

    public IReadOnlyList<SlackCall> CallsOf(string method) => _calls.Where(c => c.Method == method).ToList();

    /// <summary>Someone in the workspace, found by users.lookupByEmail.</summary>
    public void AddPerson(string email, string slackUserId) => _people[email] = slackUserId;

    public void RateLimitNext(string method, int times) => _rateLimited[method] = times;

    /// <summary>The next call of <paramref name="method"/> is refused with Slack's <paramref name="error"/> (ok: false).</summary>
    public void RefuseNext(string method, string error) => _refused[method] = error;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var method = context.Request.Url!.AbsolutePath.Replace("/api/", "", StringComparison.Ordinal);
            var arguments = context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
                ? JsonNode.Parse(body) as JsonObject ?? []
                : new JsonObject(QueryHelpers.ParseQuery(body).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value.ToString())));
            var token = context.Request.Headers["Authorization"]?.Replace("Bearer ", "", StringComparison.Ordinal);
            _calls.Enqueue(new SlackCall(method, token, arguments));

            if (_rateLimited.TryGetValue(method, out var left) && left > 0)
            {
                _rateLimited[method] = left - 1;
                context.Response.StatusCode = 429;
                context.Response.Headers["Retry-After"] = "30";
                context.Response.Close();
                return;
            }

            var answer = _refused.TryRemove(method, out var refusal) ? new JsonObject { ["ok"] = false, ["error"] = refusal } : method switch
            {
                "oauth.v2.access" => arguments["code"]?.ToString() == "good-code"
                    ? new JsonObject { ["ok"] = true, ["access_token"] = BotToken, ["bot_user_id"] = "UBOT", ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = TeamName } }
                    : new JsonObject { ["ok"] = false, ["error"] = "invalid_code" },
                _ when token != BotToken => new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" },
                "users.lookupByEmail" => _people.TryGetValue(arguments["email"]?.ToString() ?? "", out var id)
                    ? new JsonObject { ["ok"] = true, ["user"] = new JsonObject { ["id"] = id } }
                    : new JsonObject { ["ok"] = false, ["error"] = "users_not_found" },
                "users.info" => _people.FirstOrDefault(p => p.Value == arguments["user"]?.ToString()) is { Key: { } email }
                    ? new JsonObject { ["ok"] = true, ["user"] = new JsonObject { ["id"] = arguments["user"]?.ToString(), ["profile"] = new JsonObject { ["email"] = email } } }
                    : new JsonObject { ["ok"] = false, ["error"] = "user_not_found" },
                "views.open" or "views.update" => new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V" + Interlocked.Increment(ref _ts) } },
                "chat.postMessage" or "chat.update" => new JsonObject
                {
                    ["ok"] = true, ["channel"] = arguments["channel"]?.DeepClone(), ["ts"] = $"1764000000.{Interlocked.Increment(ref _ts):D6}",
                },
                _ => new JsonObject { ["ok"] = false, ["error"] = "unknown_method" },
            };
            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The app gave up waiting, or the server was closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _serving;
    }
}
