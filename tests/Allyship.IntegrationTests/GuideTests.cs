using System.Net;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>The guide where the hesitation happens: under each log form, and on its own page for anyone signed in.</summary>
public sealed class GuideTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task Each_log_form_folds_its_guidance_and_the_guide_page_gathers_them()
    {
        var program = await _data.ProgramAsync();
        var mentor = await Browser.SignedInAsync(app, await _data.MentorAsync(program));

        var week = await mentor.GetPageAsync("/week");
        var coffee = week.QuerySelector("details#coffee-guidance")!;
        coffee.QuerySelector("summary")!.TextContent.ShouldBe("How to do this well");
        coffee.TextContent.ShouldContain("Ask about her goals");
        coffee.HasAttribute("open").ShouldBeFalse();
        week.QuerySelector("details#shout-out-guidance")!.TextContent.ShouldContain("name the author");
        week.QuerySelector("details#sponsor-note-guidance")!.TextContent.ShouldContain("suggest a next step");

        var guide = await mentor.GetPageAsync("/guide");
        guide.QuerySelectorAll("article.guide section h2").Select(h => h.TextContent).ShouldBe(["Why the pledge", "Coffee", "Shout-out", "Sponsor note", "Sponsor or mentor?"]);
        guide.QuerySelector("#sponsor-or-mentor")!.TextContent.ShouldContain("talks about her");

        (await app.NewClient().GetAsync(new Uri("/guide", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect); // signed in only
    }
}
