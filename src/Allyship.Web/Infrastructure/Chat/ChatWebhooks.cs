using System.Security.Cryptography;
using Allyship.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Allyship.Web.Infrastructure.Chat;

/// <summary>
/// A program's chat webhook: a secret (anyone holding the URL can post to the channel), so it is encrypted at rest with
/// Data Protection and only ever shown masked.
/// </summary>
public sealed class ChatWebhooks(IDataProtectionProvider provider)
{
    private const string Prefix = "dp1:";

    /// <summary>In Development, the app's own stand-in webhook (the demo program posts there).</summary>
    public const string DevelopmentPath = "/dev/chat-webhook";
    private readonly IDataProtector _protector = provider.CreateProtector("Allyship.ChatWebhook.v1");

    public string Protect(string url) => Prefix + _protector.Protect(url);

    /// <summary>The URL, or null when it can no longer be read (the key ring lost).</summary>
    public string? Unprotect(string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>"https://hooks.slack.com/…x9Qz": enough to recognise it, not enough to post with it.</summary>
    public string Masked(string? stored) =>
        Unprotect(stored) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Authority}/…{(url.Length > 4 ? url[^4..] : "")}"
            : "(saved, but no longer readable: enter it again)";

    /// <summary>What a webhook accepts: an absolute https URL (plain http only on this machine, for tests and trials).</summary>
    public static string? Check(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            return "Paste the incoming-webhook URL your chat gave you; it starts with https://.";
        }

        return url!.Trim().Length > 1000 ? "That URL is too long to be a webhook: copy it again from your chat's settings." : null;
    }

    /// <summary>The body Slack and Teams expect: Slack's text message; for Teams (Workflows), an Adaptive Card.</summary>
    public static JsonContent Body(ChatService service, string text) => service switch
    {
        ChatService.Teams => JsonContent.Create(new
        {
            type = "message",
            attachments = new[]
            {
                new
                {
                    contentType = "application/vnd.microsoft.card.adaptive",
                    content = new
                    {
                        type = "AdaptiveCard",
                        version = "1.4",
                        body = new[] { new { type = "TextBlock", text, wrap = true } },
                    },
                },
            },
        }),
        _ => JsonContent.Create(new { text }),
    };
}
