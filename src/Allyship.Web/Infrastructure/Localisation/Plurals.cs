using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Allyship.Web.Infrastructure.Localisation;

/// <summary>
/// Plural forms, as CLDR defines them for the languages the app has: "one" and "other" (and French and Spanish "many"
/// for whole millions). resx has no plural forms, so each translated form is its own key: the English plural with
/// "|one", "|many" or "|other" after it ("{0} coffees|one" is "{0} café" in French, which also says "0 café").
/// </summary>
public static class Plurals
{
    public static string Category(CultureInfo culture, long n) => culture.TwoLetterISOLanguageName switch
    {
        // French: 0 and 1 are singular; 1,000,000 and its multiples take "de" ("un million de cafés").
        Cultures.French => n is 0 or 1 ? "one" : n != 0 && n % 1_000_000 == 0 ? "many" : "other",
        Cultures.Spanish => n == 1 ? "one" : n != 0 && n % 1_000_000 == 0 ? "many" : "other",
        _ => n == 1 ? "one" : "other",
    };

    /// <summary>
    /// The count in words, in the reader's language: <paramref name="one"/> or <paramref name="other"/> ("{0} coffee",
    /// "{0} coffees") in English, else the translation for the count's plural category (falling back to "other", then English).
    /// </summary>
    /// <remarks>{0} is the count; <paramref name="more"/> fill {1}, {2}… ("Your last coffee with {1} was {0} weeks ago").</remarks>
    public static string Plural(this IStringLocalizer localizer, long count, string one, string other, params object[] more)
    {
        var ui = CultureInfo.CurrentUICulture;
        var english = count == 1 ? one : other;
        object[] args = [count, .. more];
        if (Cultures.IsPseudo(ui))
        {
            return string.Format(CultureInfo.CurrentCulture, localizer[english].Value, args);
        }

        foreach (var key in new[] { $"{other}|{Category(ui, count)}", $"{other}|other" })
        {
            if (MissingTranslations.Probing(() => localizer[key]) is { ResourceNotFound: false } found)
            {
                return string.Format(CultureInfo.CurrentCulture, found.Value, args);
            }
        }

        MissingTranslations.Note(new LocalizedString($"{other}|other", english, resourceNotFound: ui.TwoLetterISOLanguageName != Cultures.English));
        return string.Format(CultureInfo.CurrentCulture, english, args);
    }
}
