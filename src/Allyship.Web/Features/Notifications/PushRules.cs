using System.Buffers.Text;

namespace Allyship.Web.Features.Notifications;

/// <summary>What a browser's subscription must be before it is kept: pure rules, for the Settings form and the sender alike.</summary>
public static class PushRules
{
    /// <summary>Null when <paramref name="endpoint"/> is a push service's address the server may post to; else why not.</summary>
    public static string? CheckEndpoint(string? endpoint, PushOptions options)
    {
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.Length > Data.PushDevice.EndpointMaxLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return "This browser's subscription has no push service address.";
        }

        if (options.LocalPushServices && uri.Scheme == Uri.UriSchemeHttp && uri.Host == "127.0.0.1")
        {
            return null;
        }

        if (options.DevelopmentEndpoints is { } demo && uri.GetLeftPart(UriPartial.Path).StartsWith(demo, StringComparison.Ordinal) && uri.AbsolutePath.Count(c => c == '/') == 3)
        {
            return null; // the demo phone, at the app's own stand-in push service (Development only)
        }

        return uri.Scheme == Uri.UriSchemeHttps && uri.UserInfo.Length == 0 && uri.IsDefaultPort && Chat.WebhookRules.IsAllowedHost(uri.IdnHost, options.Hosts)
            ? null
            : "This browser's push service isn't one Allyship sends to.";
    }

    /// <summary>Whether the keys are what a browser gives: a P-256 public key (65 bytes, uncompressed) and a 16-byte secret, base64url.</summary>
    public static bool KeysAreValid(string? p256dh, string? auth) =>
        Decoded(p256dh) is { Length: 65 } key && key[0] == 4 && IsOnTheCurve(key) && Decoded(auth) is { Length: 16 };

    /// <summary>A point on P-256 (what the message is encrypted against); 65 bytes that are not one would fail every send.</summary>
    private static bool IsOnTheCurve(byte[] key)
    {
        try
        {
            using var point = System.Security.Cryptography.ECDiffieHellman.Create(new System.Security.Cryptography.ECParameters
            {
                Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
                Q = new System.Security.Cryptography.ECPoint { X = key[1..33], Y = key[33..65] },
            });
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private static byte[]? Decoded(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(value.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The browser and system in a User-Agent, as kept on the device: "Chrome|Android" (<see cref="Describe"/> says it).</summary>
    public static string DeviceLabel(string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = ua.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
            : ua.Contains("SamsungBrowser", StringComparison.Ordinal) ? "Samsung Internet"
            : ua.Contains("OPR/", StringComparison.Ordinal) ? "Opera"
            : ua.Contains("Firefox/", StringComparison.Ordinal) || ua.Contains("FxiOS", StringComparison.Ordinal) ? "Firefox"
            : ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("CriOS", StringComparison.Ordinal) ? "Chrome"
            : ua.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
            : "";
        var system = ua.Contains("Android", StringComparison.Ordinal) ? "Android"
            : ua.Contains("iPhone", StringComparison.Ordinal) ? "iPhone"
            : ua.Contains("iPad", StringComparison.Ordinal) ? "iPad"
            : ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
            : ua.Contains("Mac OS X", StringComparison.Ordinal) ? "Mac"
            : ua.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
            : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux"
            : "";
        return $"{browser}|{system}";
    }

    /// <summary>A kept device as its person names it, in her language: "Chrome on Android", "Safari", "A browser".</summary>
    public static string Describe(string label)
    {
        var parts = label.Split('|');
        var (browser, system) = (parts[0], parts.Length > 1 ? parts[1] : "");
        return (browser.Length > 0, system.Length > 0) switch
        {
            (true, true) => Infrastructure.Localisation.Text.Words["{0} on {1}", browser, system],
            (true, false) => browser,
            (false, true) => system,
            _ => Infrastructure.Localisation.Text.Words["A browser"],
        };
    }
}
