using System.Xml.Linq;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.UnitTests;

/// <summary>The resource files agree with each other, and the pseudo-locale's text is recognisable.</summary>
public sealed class LocalisationRulesTests
{
    private static Dictionary<string, Dictionary<string, string>> Resources(string language) =>
        Directory.EnumerateFiles(Path.Combine(Allyship.TestSupport.Repository.Root, "src/Allyship.Web/Resources"), $"*.{language}.resx", SearchOption.AllDirectories)
            .ToDictionary(
                f => Path.GetFileName(f)[..^$".{language}.resx".Length],
                f => XDocument.Load(f).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value));

    [Fact]
    public void Every_key_in_one_language_is_in_every_other_and_none_is_empty()
    {
        var languages = Cultures.Offered.Select(o => o.Code).Where(c => c != Cultures.English).ToList();
        var byLanguage = languages.ToDictionary(l => l, Resources);
        byLanguage.Values.ShouldAllBe(files => files.Count > 0);
        foreach (var language in languages)
        {
            foreach (var other in languages.Where(o => o != language))
            {
                byLanguage[language].Keys.Order().ShouldBe(byLanguage[other].Keys.Order(), $"the same resource files in {language} and {other}");
                foreach (var (file, strings) in byLanguage[language])
                {
                    strings.Keys.Except(byLanguage[other][file].Keys).ShouldBeEmpty($"keys of {file} in {language} missing in {other}");
                }
            }

            byLanguage[language].SelectMany(f => f.Value).Where(s => string.IsNullOrWhiteSpace(s.Value)).Select(s => s.Key).ShouldBeEmpty();
        }
    }

    /// <summary>resx compiles its names ignoring case: "Date" and "date" would be one resource, and one translation lost.</summary>
    [Fact]
    public void No_two_keys_differ_only_in_case()
    {
        foreach (var language in Cultures.Offered.Select(o => o.Code).Where(c => c != Cultures.English))
        {
            foreach (var (file, strings) in Resources(language))
            {
                strings.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g))
                    .ShouldBeEmpty($"keys of {file} in {language} that resx would merge");
            }
        }
    }

    [Fact]
    public void Pseudo_text_is_accented_bracketed_and_about_a_third_longer_with_placeholders_and_markup_left_alone()
    {
        var pseudo = PseudoText.Of("This week");
        pseudo.ShouldStartWith("[Ŧĥîš ŵééķ");
        pseudo.ShouldEndWith("]");
        pseudo.Length.ShouldBeGreaterThanOrEqualTo((int)("This week".Length * 1.3));
        PseudoText.IsPseudo(pseudo).ShouldBeTrue();
        PseudoText.IsPseudo("This week").ShouldBeFalse();

        PseudoText.Of("{0} of {1} minutes").ShouldStartWith("[{0} öƒ {1} ɱîñûŧéš");
        PseudoText.Of("Tom &amp; <b>Jerry</b>").ShouldContain("&amp;");
        PseudoText.Of("Tom &amp; <b>Jerry</b>").ShouldContain("<b>");
    }

    [Fact]
    public void Every_language_shipped_is_offered_unless_the_setting_lists_fewer()
    {
        Cultures.Configured(null).Select(l => l.Code).ShouldBe(["en", "fr", "es"]);
        Cultures.Configured("en").Select(l => l.Code).ShouldBe(["en"]);
        Cultures.Configured("fr").Select(l => l.Code).ShouldBe(["en", "fr"], "English is the source: always offered");
        Cultures.Configured("fr, ES,xx").Select(l => l.Code).ShouldBe(["en", "fr", "es"]);
    }
}

/// <summary>Plurals are right in every language the app has: "1 coffee / 2 coffees", and French's "0 café".</summary>
public sealed class PluralTests
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Words =
        new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions { ResourcesPath = "Resources" }),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .Create(typeof(Allyship.Web.Infrastructure.Localisation.Text));

    [Theory]
    [InlineData("en", 0, "0 coffees")]
    [InlineData("en", 1, "1 coffee")]
    [InlineData("en", 2, "2 coffees")]
    [InlineData("fr", 0, "0 café")]
    [InlineData("fr", 1, "1 café")]
    [InlineData("fr", 2, "2 cafés")]
    [InlineData("es", 0, "0 cafés")]
    [InlineData("es", 1, "1 café")]
    [InlineData("es", 2, "2 cafés")]
    public void A_count_reads_in_the_readers_language(string language, int count, string expected)
    {
        var before = (System.Globalization.CultureInfo.CurrentUICulture, System.Globalization.CultureInfo.CurrentCulture);
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(language);
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            Words.Plural(count, "{0} coffee", "{0} coffees").ShouldBe(expected);
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentUICulture, System.Globalization.CultureInfo.CurrentCulture) = before;
        }
    }

    [Fact]
    public void Whole_millions_take_the_many_form_in_french_and_spanish() =>
        (Plurals.Category(new System.Globalization.CultureInfo("fr"), 2_000_000), Plurals.Category(new System.Globalization.CultureInfo("es"), 1_000_000), Plurals.Category(new System.Globalization.CultureInfo("en"), 1_000_000))
            .ShouldBe(("many", "many", "other"));
}
