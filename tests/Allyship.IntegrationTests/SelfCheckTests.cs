using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.SelfCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>"Allyship starts at home": the mentor's own, encrypted, deletable, and never anywhere else.</summary>
public sealed class SelfCheckTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static readonly string[] Sheets = ["summary", "weeks", "mentors", "departments", "colleagues", "levels", "spread", "voice", "outcomes"];

    [Fact]
    public async Task A_mentor_saves_her_self_check_encrypted_sees_it_again_and_deletes_it()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);
        var marker = TestData.Unique("dishes");

        var page = await browser.GetPageAsync("/self-check");
        page.QuerySelector("#privacy")!.TextContent.ShouldContain("never shown in any dashboard, report, export or email");
        page.QuerySelector("nav a[href='/self-check']").ShouldNotBeNull();
        (await browser.SubmitAsync(page, "/self-check", "Save for me", new()
        {
            ["Answers.Choices[planning]"] = "sometimes", ["Answers.Choices[leave]"] = "no",
            ["Answers.OneThing"] = $"Cook on Tuesdays {marker}", ["Answers.Notes"] = "Ask about the school forms",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stored = await app.WithDbAsync(db => db.SelfChecks.AsNoTracking().SingleAsync(s => s.MentorId == mentor.Id));
        stored.Answers.ShouldStartWith("dp1:");
        stored.Answers.ShouldNotContain(marker);

        var again = await browser.GetPageAsync("/self-check");
        again.QuerySelector("#q-planning-sometimes")!.HasAttribute("checked").ShouldBeTrue();
        again.QuerySelector("#q-leave-no")!.HasAttribute("checked").ShouldBeTrue();
        again.QuerySelector("#one-thing")!.TextContent.ShouldBe($"Cook on Tuesdays {marker}");

        // Another mentor sees her own (empty) page, never this one.
        var other = await Browser.SignedInAsync(app, await _data.MentorAsync(program));
        (await other.GetPageAsync("/self-check")).Body!.TextContent.ShouldNotContain(marker);

        (await browser.SubmitAsync("/self-check", "Delete my self-check")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.SelfChecks.AnyAsync(s => s.MentorId == mentor.Id))).ShouldBeFalse();
        (await browser.GetPageAsync("/self-check")).QuerySelector("#one-thing")!.TextContent.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_self_check_appears_in_no_admin_or_HR_page_export_or_email()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        await _data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 17));
        var browser = await Browser.SignedInAsync(app, mentor);
        var marker = TestData.Unique("laundry");
        (await browser.SubmitAsync("/self-check", "Save for me", new() { ["Answers.Choices[caring]"] = "yes", ["Answers.OneThing"] = marker, ["Answers.Notes"] = marker }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetPageAsync("/self-check")).QuerySelector("#one-thing")!.TextContent.ShouldBe(marker, "saved, so its absence below means something");

        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin, Roles.HR));
        var urls = new List<string>
        {
            $"/admin/programs/{program.Id}", $"/admin/programs/{program.Id}/mentors", $"/admin/users/{mentor.Id}", "/admin/users", "/admin/audit",
            $"/admin/users/{mentor.Id}?handler=Export", "/reports", "/reports/downloads",
        };
        urls.AddRange(Sheets.Select(sheet => $"/reports/download?quarter=FY2026-Q3&program=all&format=csv&sheet={sheet}"));
        foreach (var url in urls)
        {
            var response = await admin.Client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain(marker, customMessage: url);
        }

        // Her own data export is about the program: the self-check stays on its page.
        (await (await browser.Client.GetAsync(new Uri("/account?handler=Export", UriKind.Relative))).Content.ReadAsStringAsync()).ShouldNotContain(marker);
        (await app.WithDbAsync(db => db.Emails.AnyAsync(e => e.TextBody.Contains(marker) || e.HtmlBody.Contains(marker)))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_crafted_self_check_keeps_only_the_questions_and_choices_it_asks()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var browser = await Browser.SignedInAsync(app, mentor);
        var forged = new Dictionary<string, string?>
        {
            ["Answers.Choices[planning]"] = "yes", ["Answers.Choices[made-up]"] = "yes", ["Answers.Choices[talked]"] = "maybe",
        };
        (await browser.PostCraftedAsync("/self-check", forged, tokenFrom: "/self-check")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var scope = app.Scope();
        var (answers, _) = await scope.ServiceProvider.GetRequiredService<HomeSelfCheck.Handler>().LoadAsync(mentor.Id, CancellationToken.None);
        answers.ShouldNotBeNull().Choices.ShouldBe(new Dictionary<string, string> { ["planning"] = "yes" });
    }
}
