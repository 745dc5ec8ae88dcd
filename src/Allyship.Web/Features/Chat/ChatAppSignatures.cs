using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// How requests from the chat apps prove they come from them. Slack: "v0=" + hex HMAC-SHA256 of "v0:{timestamp}:{raw
/// body}" with the app's signing secret, refused when the timestamp is more than five minutes from now (a replay).
/// Teams outgoing webhooks: "HMAC " + base64 HMAC-SHA256 of the raw body, keyed with the base64-decoded security token.
/// Both compared in constant time.
/// </summary>
public static class ChatAppSignatures
{
    public static readonly TimeSpan SlackTolerance = TimeSpan.FromMinutes(5);

    public static string SlackSignature(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message));
    }

    /// <summary>Whether a Slack request is genuine and fresh at <paramref name="now"/>.</summary>
    public static bool IsSlackRequest(string? signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signingSecret) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > SlackTolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(SlackSignature(signingSecret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    public static string TeamsSignature(byte[] key, ReadOnlySpan<byte> body) => "HMAC " + Convert.ToBase64String(HMACSHA256.HashData(key, body));

    /// <summary>Whether a Teams outgoing-webhook request carries the HMAC of its body under <paramref name="securityToken"/>.</summary>
    public static bool IsTeamsRequest(string? securityToken, string? authorization, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(securityToken) || string.IsNullOrEmpty(authorization))
        {
            return false;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(securityToken);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(TeamsSignature(key, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(authorization.Trim()));
    }
}
