using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Allyship.Web.Features.Shared;

/// <summary>What every page says to a phone about the installed app (issue 41): where its manifest is, its colour, and whose pages it keeps.</summary>
public static class InstalledApp
{
    public const string ManifestPath = "/manifest.webmanifest";

    /// <summary>The brand's purple: the address bar, the splash screen and the task switcher.</summary>
    public const string ThemeColour = "#5a2a82";

    /// <summary>The pages a mentor's phone keeps for when there is no connection: This week and the three log forms.</summary>
    public static readonly IReadOnlyList<string> KeptPages = ["/week", "/log/coffee", "/log/shout-out", "/log/sponsor-note"];

    /// <summary>
    /// The name the phone keeps a mentor's pages under: a hash of the account's id, so the phone's caches name nobody,
    /// and a second account signing in on the same phone never reads the first one's pages. Empty for anyone who is not
    /// a mentor (nothing to keep) and for nobody signed in.
    /// </summary>
    public static string AccountKey(ClaimsPrincipal user) =>
        user.IsInRole(Data.Roles.Mentor) && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? AccountKey(id) : "";

    /// <summary>The same key from a mentor's user id: a notification carries it, so a phone another account signed in on shows none of hers.</summary>
    public static string AccountKey(string userId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("allyship-app:" + userId)))[..24];
}
