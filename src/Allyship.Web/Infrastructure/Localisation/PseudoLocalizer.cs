using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Allyship.Web.Infrastructure.Localisation;

/// <summary>
/// The pseudo-locale: every localised string accented, bracketed and padded about 30% (the length French and German
/// often reach), so a page walked in it shows at a glance which text never went through a localizer, and which layout
/// breaks when text grows. Placeholders ({0}) and HTML-looking parts (&lt;…&gt;, &amp;…;) are left as they are.
/// </summary>
public static class PseudoText
{
    private const string Plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Accented = "åƀçđéƒĝĥîĵķļɱñöþǫŕšŧûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŦÛṼŴẊÝŽ";

    public static string Of(string text)
    {
        var accented = new StringBuilder(text.Length + 8);
        var skip = '\0';
        foreach (var c in text)
        {
            if (skip == '\0' && c is '{' or '<' or '&')
            {
                skip = c switch { '{' => '}', '<' => '>', _ => ';' };
            }
            else if (skip != '\0' && c == skip)
            {
                skip = '\0';
                accented.Append(c);
                continue;
            }

            var at = skip == '\0' ? Plain.IndexOf(c, StringComparison.Ordinal) : -1;
            accented.Append(at >= 0 ? Accented[at] : c);
        }

        var letters = text.Count(char.IsLetter);
        var padding = letters == 0 ? "" : " " + new string('·', Math.Max(1, (int)Math.Ceiling(letters * 0.3)));
        return $"[{accented}{padding}]";
    }

    /// <summary>Whether a piece of visible text went through <see cref="Of"/> (the browser walk's test).</summary>
    public static bool IsPseudo(string text) => text.Trim() is { Length: > 1 } t && t[0] == '[' && t[^1] == ']';
}

/// <summary>
/// The keys asked for in a language that has no translation of them, noted while a <see cref="Watch"/> is open on this
/// flow (a test renders every email in French and Spanish and expects none). English never misses: its text is the key.
/// </summary>
public static class MissingTranslations
{
    private static readonly AsyncLocal<HashSet<string>?> Noted = new();

    [ThreadStatic]
    private static bool probing;

    public static IReadOnlyCollection<string> Watch() => Noted.Value = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Looks up keys that may be missing (a plural's forms) without noting them; the caller notes what it finally lacked.</summary>
    internal static T Probing<T>(Func<T> lookup)
    {
        probing = true;
        try
        {
            return lookup();
        }
        finally
        {
            probing = false;
        }
    }

    internal static void Note(LocalizedString found)
    {
        var ui = CultureInfo.CurrentUICulture;
        if (found.ResourceNotFound && !probing && Noted.Value is { } noted && ui.TwoLetterISOLanguageName != Cultures.English && !Cultures.IsPseudo(ui)
            && !string.IsNullOrWhiteSpace(found.Name))
        {
            lock (noted)
            {
                noted.Add($"{ui.Name}: {found.Name}");
            }
        }
    }
}

/// <summary>Wraps the app's localizers: in the pseudo-locales, the English text made pseudo; otherwise the localizer's own.</summary>
public sealed class PseudoLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new PseudoLocalizer(inner.Create(resourceSource));

    public IStringLocalizer Create(string baseName, string location) => new PseudoLocalizer(inner.Create(baseName, location));

    private sealed class PseudoLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Pseudo(inner[name]);

        public LocalizedString this[string name, params object[] arguments] =>
            Cultures.IsPseudo(CultureInfo.CurrentUICulture)
                ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, PseudoText.Of(name), arguments), resourceNotFound: false)
                : Noted(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private static LocalizedString Pseudo(LocalizedString found) =>
            Cultures.IsPseudo(CultureInfo.CurrentUICulture) ? new LocalizedString(found.Name, PseudoText.Of(found.Name), resourceNotFound: false) : Noted(found);

        private static LocalizedString Noted(LocalizedString found)
        {
            MissingTranslations.Note(found);
            return found;
        }
    }
}
