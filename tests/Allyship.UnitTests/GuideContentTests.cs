using Allyship.Web.Data;
using Allyship.Web.Features.Shared;

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
}
