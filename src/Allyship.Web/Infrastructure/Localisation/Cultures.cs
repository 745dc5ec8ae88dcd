using System.Globalization;

namespace Allyship.Web.Infrastructure.Localisation;

/// <summary>
/// The languages people can read the app in, and how a request's is chosen. English is the source: its words are the
/// keys, so a string not translated yet reads in English rather than as a key. English keeps today's formatting (the
/// invariant culture), so nothing changes for English readers; French and Spanish format dates and numbers their way.
/// </summary>
public static class Cultures
{
    public const string English = "en";
    public const string French = "fr";
    public const string Spanish = "es";

    /// <summary>Every character accented and the text bracketed and about 30% longer: shows what was left untranslated.</summary>
    public const string Pseudo = "qps-ploc";

    /// <summary>The pseudo-locale written right to left (<c>dir="rtl"</c>): shows what a right-to-left language would break.</summary>
    public const string PseudoMirrored = "qps-plocm";

    /// <summary>The languages offered to people, each in its own name.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Offered = [(English, "English"), (French, "Français"), (Spanish, "Español")];

    public const string Section = "Localisation";

    /// <summary>The languages of `Localisation:Languages` (comma-separated codes) that the app has, English always first.</summary>
    public static IReadOnlyList<(string Code, string Name)> Configured(string? setting)
    {
        var codes = (setting ?? English).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToLowerInvariant()).Append(English).ToHashSet(StringComparer.Ordinal);
        return Offered.Where(o => codes.Contains(o.Code)).ToList();
    }

    /// <summary>ICU reads "ploc" as a script and writes the name "qps-Ploc": names are compared ignoring case, as BCP 47 does.</summary>
    public static bool IsPseudo(CultureInfo culture) =>
        string.Equals(culture.Name, Pseudo, StringComparison.OrdinalIgnoreCase) || string.Equals(culture.Name, PseudoMirrored, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether text in this culture runs right to left (the mirrored pseudo-locale does, as Arabic and Hebrew would).</summary>
    public static bool IsRightToLeft(CultureInfo culture) => string.Equals(culture.Name, PseudoMirrored, StringComparison.OrdinalIgnoreCase) || culture.TextInfo.IsRightToLeft;

    /// <summary>The value of the page's <c>lang</c> attribute.</summary>
    public static string LangOf(CultureInfo culture) => culture.Name.Length == 0 ? English : culture.Name;
}

/// <summary>The languages people may choose here (`Localisation:Languages`), in the order Settings lists them.</summary>
public sealed record OfferedLanguages(IReadOnlyList<(string Code, string Name)> All)
{
    public bool Contains(string? code) => All.Any(l => l.Code == code);
}
