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

    /// <summary>Every language shipped, complete: what a deployment offers unless `Localisation:Languages` says otherwise.</summary>
    public const string AllShipped = "en,fr,es";

    public const string Section = "Localisation";

    /// <summary>The languages of `Localisation:Languages` (comma-separated codes) that the app has, English always first.</summary>
    public static IReadOnlyList<(string Code, string Name)> Configured(string? setting)
    {
        var codes = (string.IsNullOrWhiteSpace(setting) ? AllShipped : setting).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToLowerInvariant()).Append(English).ToHashSet(StringComparer.Ordinal);
        return Offered.Where(o => codes.Contains(o.Code)).ToList();
    }

    /// <summary>ICU reads "ploc" as a script and writes the name "qps-Ploc": names are compared ignoring case, as BCP 47 does.</summary>
    public static bool IsPseudo(CultureInfo culture) =>
        string.Equals(culture.Name, Pseudo, StringComparison.OrdinalIgnoreCase) || string.Equals(culture.Name, PseudoMirrored, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether text in this culture runs right to left (the mirrored pseudo-locale does, as Arabic and Hebrew would).</summary>
    public static bool IsRightToLeft(CultureInfo culture) => string.Equals(culture.Name, PseudoMirrored, StringComparison.OrdinalIgnoreCase) || culture.TextInfo.IsRightToLeft;

    /// <summary>
    /// Reads in a language until disposed: its words (UI culture) and its dates and numbers (English keeps the invariant
    /// formats). For an email, written in its recipient's language whoever's request or job sends it.
    /// </summary>
    public static IDisposable Use(string language)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        CultureInfo.CurrentCulture = language == English ? CultureInfo.InvariantCulture : new CultureInfo(language);
        return new Restore(culture, ui);
    }

    private sealed class Restore(CultureInfo culture, CultureInfo ui) : IDisposable
    {
        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
    }

    /// <summary>
    /// A day's name in the reader's language, capitalised as a choice in a list is: "Wednesday", "Mercredi", "Miércoles"
    /// (accented and bracketed in the pseudo-locale, like every word that went through a localizer).
    /// </summary>
    public static string DayName(DayOfWeek day)
    {
        var name = CultureInfo.CurrentCulture.TextInfo.ToTitleCase(CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day));
        return IsPseudo(CultureInfo.CurrentUICulture) ? PseudoText.Of(name) : name;
    }

    /// <summary>
    /// The value of the page's <c>lang</c> attribute. The pseudo-locales take the tags Android gives them (en-XA, ar-XB):
    /// "qps" is no language subtag, so validators and screen readers refuse it.
    /// </summary>
    public static string LangOf(CultureInfo culture) =>
        culture.Name.Length == 0 ? English
        : string.Equals(culture.Name, Pseudo, StringComparison.OrdinalIgnoreCase) ? "en-XA"
        : string.Equals(culture.Name, PseudoMirrored, StringComparison.OrdinalIgnoreCase) ? "ar-XB"
        : culture.Name;
}

/// <summary>
/// The languages people may choose here (`Localisation:Languages`), in the order Settings lists them, and the program's
/// default (`Localisation:DefaultLanguage`, English unless set): the language of a colleague who has none in the directory,
/// and of a browser that asks for none of these.
/// </summary>
public sealed record OfferedLanguages(IReadOnlyList<(string Code, string Name)> All, string Default = Cultures.English)
{
    public bool Contains(string? code) => All.Any(l => l.Code == code);

    /// <summary>The language someone with this tag reads here: the offered one it names ("es-MX" is Spanish), else the default.</summary>
    public string For(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return Default;
        }

        var primary = tag.Trim().Replace('_', '-').Split('-')[0].ToLowerInvariant();
        return All.Any(l => l.Code == primary) ? primary : Default;
    }

    public string NameOf(string code) => All.FirstOrDefault(l => l.Code == code).Name ?? code;
}
