using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Chat;

/// <summary>What Slack answered one call: ok, or its error code; how long to wait when it was rate limited; null Json when no answer came.</summary>
public sealed record SlackAnswer(HttpStatusCode? Status, JsonObject? Json, TimeSpan? RetryAfter = null, string? Failure = null)
{
    public bool Ok => Json?["ok"]?.GetValue<bool>() == true;

    /// <summary>Slack's error code ("users_not_found", "invalid_auth"…), or why nothing usable came back.</summary>
    public string Error => Json?["error"]?.GetValue<string>() ?? Failure ?? (Status is { } s ? $"HTTP {(int)s}" : "no answer");

    /// <summary>Worth trying again later: rate limited, Slack's own trouble, or no connection made.</summary>
    public bool Retryable => Status is HttpStatusCode.TooManyRequests || (int?)Status >= 500 || (Status is null && Failure == SlackClient.NotConnected);

    /// <summary>The request went out and no answer came: it may have been acted on.</summary>
    public bool Unknown => Status is null && Failure != SlackClient.NotConnected;
}

/// <summary>Slack's Web API: one method call with the bot token, JSON or form arguments as each method takes them.</summary>
public sealed class SlackClient(IHttpClientFactory http, IOptions<SlackOptions> options, ILogger<SlackClient> log)
{
    public const string HttpClientName = "slack";
    public const string NotConnected = "Slack could not be reached.";

    /// <summary>Methods that read form arguments rather than JSON.</summary>
    private static readonly HashSet<string> FormMethods = ["users.lookupByEmail", "oauth.v2.access", "users.info"];

    public async Task<SlackAnswer> CallAsync(string method, string? token, JsonObject arguments, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.Api(method));
        if (FormMethods.Contains(method))
        {
            request.Content = new FormUrlEncodedContent(arguments.Select(a => new KeyValuePair<string, string>(a.Key, a.Value?.ToString() ?? "")));
        }
        else
        {
            request.Content = new StringContent(arguments.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            JsonObject? json = null;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
                }
                catch (System.Text.Json.JsonException)
                {
                    return new SlackAnswer(response.StatusCode, null, retryAfter, "Slack's answer was not JSON.");
                }
            }

            return new SlackAnswer(response.StatusCode, json, retryAfter);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            log.LogWarning(ex, "Slack's {Method} could not be reached", method);
            return new SlackAnswer(null, null, Failure: NotConnected);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            log.LogWarning(ex, "Slack's {Method} gave no answer", method);
            return new SlackAnswer(null, null, Failure: "Slack did not answer in time.");
        }
    }
}
