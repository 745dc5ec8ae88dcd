using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Allyship.IntegrationTests;

/// <summary>
/// Slack and Teams as they call the app: signed requests with the bodies those services send (no page, no form to read).
/// Signatures are computed here, independently of the app's own code, so the scheme is checked rather than echoed.
/// </summary>
public sealed class ChatAppClient(HttpClient client, TimeProvider clock)
{
    /// <summary>A Slack request signed with <paramref name="secret"/> at <paramref name="at"/> (now by default).</summary>
    public async Task<HttpResponseMessage> SlackPostAsync(string path, string body, string secret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return await client.SendAsync(request);
    }

    /// <summary>The same body with no signature at all.</summary>
    public Task<HttpResponseMessage> UnsignedSlackPostAsync(string path, string body) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

    /// <summary>A Teams outgoing-webhook message mentioning the app, signed with the webhook's security token.</summary>
    public async Task<HttpResponseMessage> TeamsPostAsync(string aadObjectId, string text, string messageId, string token)
    {
        var body = new JsonObject
        {
            ["type"] = "message", ["id"] = messageId, ["text"] = $"<at>Allyship</at> {text}",
            ["from"] = new JsonObject { ["id"] = "29:teams-" + aadObjectId, ["name"] = "Someone", ["aadObjectId"] = aadObjectId },
        }.ToJsonString();
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(token), Encoding.UTF8.GetBytes(body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/teams/messages", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "HMAC " + signature);
        return await client.SendAsync(request);
    }
}
