using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.UnitTests;

/// <summary>The guide's Markdown file: sections by heading, one per log form, and never raw HTML.</summary>
public sealed class GuideContentTests
{
    private const string Sample = """
        # How to do this well

        Why it matters.

        ## Coffee

        **Ask** about her goals.

        ## Shout-out

        Be specific. <script>alert('x')</script>

        ## Sponsor or mentor?

        A sponsor talks *about* her.
        """;

    [Fact]
    public void Each_section_is_found_by_its_log_forms_kind_and_the_rest_stay_on_the_guide_page()
    {
        var guide = new GuideContent(Sample);
        guide.Introduction.Value!.ShouldContain("Why it matters.");
        guide.Introduction.Value!.ShouldNotContain("How to do this well", customMessage: "the page has its own title");
        guide.Sections.Select(s => (s.Title, s.Slug)).ShouldBe([("Coffee", "coffee"), ("Shout-out", "shout-out"), ("Sponsor or mentor?", "sponsor-or-mentor")]);
        guide.For(ActionKind.Coffee)!.Html.Value!.ShouldContain("<strong>Ask</strong>");
        guide.For(ActionKind.SponsorNote).ShouldBeNull();
    }

    [Fact]
    public void Raw_html_in_the_file_is_shown_as_text_never_run() =>
        new GuideContent(Sample).For(ActionKind.ShoutOut)!.Html.Value!.ShouldNotContain("<script>");

    [Fact]
    public void The_shipped_guide_has_a_section_for_every_log_form()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Content", "guide.md");
        var guide = new GuideContent(File.ReadAllText(File.Exists(path) ? path : FindInRepository()));
        foreach (var kind in Enum.GetValues<ActionKind>())
        {
            guide.For(kind).ShouldNotBeNull(kind.ToString());
        }
    }

    [Theory]
    [InlineData("fr", "Café")]
    [InlineData("es", "Café")]
    public void The_shipped_guide_is_whole_in_french_and_spanish_with_the_english_anchors(string language, string coffeeTitle)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Content", "guide.md");
        var (english, translations) = GuideContent.Files(File.Exists(path) ? path : FindInRepository());
        var guide = new GuideContent(english, translations);
        guide.Translated.ShouldContain(language);
        var englishSlugs = guide.Sections.Select(s => s.Slug).ToList();
        using (Cultures.Use(language))
        {
            guide.Sections.Select(s => s.Slug).ShouldBe(englishSlugs);
            guide.For(ActionKind.Coffee)!.Title.ShouldBe(coffeeTitle);
            guide.Why.ShouldNotBeNull();
            guide.Introduction.Value!.ShouldNotContain("The pledge asks");
        }
    }

    [Fact]
    public void A_translation_missing_a_section_is_refused_at_start()
    {
        Should.Throw<InvalidOperationException>(() => new GuideContent("## Coffee\n\nA\n\n## Shout-out\n\nB", new Dictionary<string, string> { ["fr"] = "## Café\n\nA" }))
            .Message.ShouldContain("1 sections where the English one has 2");
    }

    private static string FindInRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Allyship.Web", "Content", "guide.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("src/Allyship.Web/Content/guide.md");
    }

    [Theory]
    [InlineData("[Read more](javascript:alert(1))")]
    [InlineData("[Read more](JaVaScRiPt:alert(1))")]
    [InlineData("[Read more](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[Read more](vbscript:msgbox(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![Read more](javascript:alert(1))")]
    public void A_link_to_a_script_or_data_scheme_keeps_its_words_and_loses_its_target(string markdown)
    {
        var html = new GuideContent($"## Coffee\n\n{markdown}").For(ActionKind.Coffee)!.Html.Value!;
        html.ShouldNotContain("href=\"javascript", Case.Insensitive);
        html.ShouldNotContain("href=\"data:", Case.Insensitive);
        html.ShouldNotContain("href=\"vbscript", Case.Insensitive);
        html.ShouldNotContain("src=\"javascript", Case.Insensitive);
    }

    [Theory]
    [InlineData("[Guide](https://example.org/guide)", "href=\"https://example.org/guide\"")]
    [InlineData("[Mail us](mailto:team@example.org)", "href=\"mailto:team@example.org\"")]
    [InlineData("[Coffee](/guide#coffee)", "href=\"/guide#coffee\"")]
    [InlineData("<https://example.org>", "href=\"https://example.org\"")]
    public void Http_https_mailto_and_the_apps_own_links_stay(string markdown, string expected) =>
        new GuideContent($"## Coffee\n\n{markdown}").For(ActionKind.Coffee)!.Html.Value!.ShouldContain(expected);

    [Fact]
    public void The_words_of_a_refused_link_stay_as_text() =>
        new GuideContent("## Coffee\n\n[Read more](javascript:alert(1))").For(ActionKind.Coffee)!.Html.Value!.ShouldContain("Read more");
}
