using System.ComponentModel.DataAnnotations;

namespace Allyship.Web.Infrastructure;

/// <summary>Settings under "App".</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The address the app ships with (appsettings.json and the launch profile's port).</summary>
    public const string ShippedBaseUrl = "http://localhost:5080";

    /// <summary>The public address of the app, used in links inside emails and printed by commands.</summary>
    [Required(ErrorMessage = "App:BaseUrl is required: the public address people open, like https://allyship.example.org.")]
    [Url(ErrorMessage = "App:BaseUrl must be an absolute http(s) URL, like https://allyship.example.org.")]
    public string BaseUrl { get; set; } = ShippedBaseUrl;

    public string Link(string pathAndQuery) => BaseUrl.TrimEnd('/') + pathAndQuery;

    /// <summary>
    /// In Development, a newcomer who starts the app on another port (<c>--urls</c>) gets email links and the demo chat
    /// webhook on that port: unless App:BaseUrl was set to something other than the shipped address, the first address the
    /// app listens on wins (a wildcard host such as <c>0.0.0.0</c>, <c>*</c> or <c>+</c> reads as localhost).
    /// </summary>
    public static string FollowListeningAddress(string baseUrl, string? urls)
    {
        if (!string.Equals(baseUrl.TrimEnd('/'), ShippedBaseUrl, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(urls))
        {
            return baseUrl;
        }

        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(u =>
            u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (first is null)
        {
            return baseUrl;
        }

        var address = first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port != 0 ? uri.GetLeftPart(UriPartial.Authority) : baseUrl;
    }
}
