using System.Net;
using System.Security.Cryptography;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// A program's chat webhook: a secret (anyone holding the URL can post to the channel), so it is encrypted at rest with
/// Data Protection and only ever shown masked. Where a webhook may point is <see cref="WebhookRules"/>, with two
/// local exceptions decided here.
/// </summary>
/// <remarks>
/// The exceptions belong to whoever runs the app, never to a program admin: an admin only types a URL, and whether a
/// URL on this machine is acceptable depends on the environment and on an operator setting, not on anything stored in
/// the database or posted in a form. (1) In Development, the app's own stand-in webhook (App:BaseUrl +
/// <see cref="DevelopmentPath"/>, which the demo program uses) is allowed, and only that path. (2) Chat:LocalWebhooks
/// allows 127.0.0.1 and [::1] literals on any port, for the tests' local webhook server and for trials; start-up
/// refuses it outside Development and Testing (<see cref="ChatOptions.Problems"/>), so Production can never have it
/// on. A name (even "localhost") is never an exception: names are resolved and checked when connecting.
/// </remarks>
public sealed class ChatWebhooks(IDataProtectionProvider provider, IOptions<ChatOptions> options, IHostEnvironment environment, IOptions<AppOptions> app)
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

    /// <summary>The hosts a webhook may be at: the chat services' and the operator's (Chat:AllowedHosts).</summary>
    public IReadOnlyList<string> AllowedHosts { get; } = [.. WebhookRules.ChatServiceHosts, .. options.Value.Hosts];

    /// <summary>Null when a webhook may point at <paramref name="url"/>, else a sentence for the admin (on saving, and again before each post).</summary>
    public string? Check(string? url) => WebhookRules.Check(url, AllowedHosts, IsLocalException);

    private bool LocalWebhooks => options.Value.LocalWebhooks && ChatOptions.LocalEnvironments.Contains(environment.EnvironmentName, StringComparer.OrdinalIgnoreCase);

    private bool IsLocalException(Uri uri) =>
        uri.UserInfo.Length == 0
        && ((LocalWebhooks && IsLoopbackLiteral(uri.IdnHost))
            || (environment.IsDevelopment() && string.Equals(uri.GetLeftPart(UriPartial.Path), app.Value.Link(DevelopmentPath), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether a connection to <paramref name="host"/>:<paramref name="port"/> may reach loopback: one of the two local exceptions.</summary>
    public bool IsLocalTarget(string host, int port)
    {
        if (LocalWebhooks && IsLoopbackLiteral(host))
        {
            return true;
        }

        return environment.IsDevelopment() && Uri.TryCreate(app.Value.BaseUrl, UriKind.Absolute, out var self)
            && string.Equals(self.IdnHost.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && self.Port == port;
    }

    private static bool IsLoopbackLiteral(string host) => IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);

    /// <summary>
    /// The body Slack and Teams expect, the text escaped for each (<see cref="ChatText"/>): Slack's text message with
    /// mentions (link_names), parsing of names and links (parse) and link previews off; for Teams (Workflows), an Adaptive Card.
    /// </summary>
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
                        body = new[] { new { type = "TextBlock", text = ChatText.ForTeams(text), wrap = true } },
                    },
                },
            },
        }),
        _ => JsonContent.Create(new { text = ChatText.ForSlack(text), link_names = false, parse = "none", unfurl_links = false, unfurl_media = false }),
    };
}
