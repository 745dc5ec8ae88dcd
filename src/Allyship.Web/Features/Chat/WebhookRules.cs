using System.Net;
using System.Net.Sockets;

namespace Allyship.Web.Features.Chat;

/// <summary>
/// Where a chat webhook may point (issue 31): an https URL on port 443, without user info, whose host is a chat
/// service's (or one the operator added); and, when connecting, only to public addresses. Pure rules, so the save
/// page, the dispatcher and the connection all apply the same ones.
/// </summary>
public static class WebhookRules
{
    /// <summary>
    /// Slack's incoming webhooks; Teams' incoming webhooks (…webhook.office.com); Teams Workflows, which Power Automate
    /// serves from Logic Apps hosts (prod-23.westeurope.logic.azure.com) and, for newer flows, environment hosts
    /// (default….environment.api.powerplatform.com). "*." means any name under it, never the bare name.
    /// </summary>
    public static readonly IReadOnlyList<string> ChatServiceHosts = ["hooks.slack.com", "*.webhook.office.com", "*.logic.azure.com", "*.environment.api.powerplatform.com"];

    public const int MaxLength = 1000;

    private const string Paste = "Paste the incoming-webhook URL your chat gave you; it starts with https://.";

    /// <summary>Null when <paramref name="url"/> may be a webhook, else a sentence saying how to fix it (never naming the host or port it holds).</summary>
    /// <param name="allowedHosts">Host names, exact or "*.name".</param>
    /// <param name="isLocalException">Whether this URL is one of the app's explicit local exceptions (see <see cref="ChatWebhooks"/>).</param>
    public static string? Check(string? url, IReadOnlyList<string> allowedHosts, Func<Uri, bool>? isLocalException = null)
    {
        var trimmed = url?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Paste;
        }

        if (trimmed.Length > MaxLength)
        {
            return "That URL is too long to be a webhook: copy it again from your chat's settings.";
        }

        if (isLocalException?.Invoke(uri) == true)
        {
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return Paste;
        }

        if (uri.UserInfo.Length > 0)
        {
            return "A webhook URL never holds a user name or password: copy it again from your chat's settings.";
        }

        if (uri.Port != 443)
        {
            return "Webhooks are reached on the standard https port: remove the port number from the URL.";
        }

        return IsAllowedHost(uri.IdnHost, allowedHosts)
            ? null
            : "Only Slack and Microsoft Teams webhooks are accepted, and that address isn't one: copy the webhook URL from the channel's settings in Slack or Teams (the hint below says where they live).";
    }

    /// <summary>The allowed hosts as a person reads them: "hooks.slack.com, an address ending in webhook.office.com, …".</summary>
    public static string Describe(IReadOnlyList<string> allowedHosts) =>
        string.Join(", ", allowedHosts.Select(h => h.StartsWith("*.", StringComparison.Ordinal) ? Infrastructure.Localisation.Text.Words["an address ending in {0}", h[2..]].Value : h));

    public static bool IsAllowedHost(string host, IReadOnlyList<string> allowedHosts)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return false; // an address is never a chat service's name, whatever a pattern says
        }

        return allowedHosts.Any(pattern => pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether a post may connect to <paramref name="address"/>: not loopback, private (10/8, 172.16/12, 192.168/16,
    /// fc00::/7, and the shared 100.64/10), link-local (169.254/16, fe80::/10, which holds cloud metadata services),
    /// multicast, unspecified or reserved, nor any of these inside an IPv4-mapped, IPv4-compatible or NAT64 address.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = address.GetAddressBytes();
            if (address.IsIPv4MappedToIPv6 || IsEmbeddingIPv4(v6))
            {
                return IsPublic(new IPAddress(v6[12..]));
            }

            return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast || (v6[0] & 0xFE) == 0xFC);
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => false, // "this network" and unspecified, private, loopback
            100 when (b[1] & 0xC0) == 64 => false, // 100.64/10, carrier-grade NAT
            169 when b[1] == 254 => false, // link-local, cloud metadata (169.254.169.254)
            172 when (b[1] & 0xF0) == 16 => false,
            192 when b[1] == 168 => false,
            192 when b[1] == 0 && b[2] == 0 => false, // IETF protocol assignments
            198 when (b[1] & 0xFE) == 18 => false, // benchmarking
            >= 224 => false, // multicast, reserved, broadcast
            _ => true,
        };
    }

    /// <summary>::a.b.c.d (IPv4-compatible, deprecated) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address inside.</summary>
    private static bool IsEmbeddingIPv4(byte[] v6)
    {
        var compatible = v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && v6[15] <= 1);
        var nat64 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        return compatible || nat64;
    }
}
