using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>
/// Finding (issue 31, low): passwords such as Password123!, Welcome12345, bbbbbbbbbbbb, allyship1234, the account's email
/// and the README's demo password were accepted. Every form that sets a password now refuses them with a sentence.
/// </summary>
public sealed class PasswordScreeningTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    public static TheoryData<string, string> Weak => new()
    {
        { "Password123!", "leaked from other sites" },
        { "Welcome12345", "leaked from other sites" },
        { "bbbbbbbbbbbb", "which attackers try first" }, // leaked as well as repetitive
        { "ghghghghghgh1", "repeated or sequential" },
        { "allyship1234", "this app's name" },
        { "Pledge-36-demo", "this app's name" },
        { "{email}", "your email address" },
    };

    [Theory]
    [MemberData(nameof(Weak))]
    public async Task Changing_to_a_screened_password_is_refused_with_a_sentence(string password, string sentence)
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        password = password.Replace("{email}", mentor.Email, StringComparison.Ordinal);
        var browser = await Browser.SignedInAsync(app, mentor);

        var response = await browser.SubmitAsync("/account", "Change password", new()
        {
            ["Input.Current"] = mentor.Password, ["Input.Password"] = password, ["Input.Confirm"] = password,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(response)).QuerySelector("#new-error")!.TextContent.ShouldContain(sentence);
        (await new Browser(app.NewClient()).SignInAsync(mentor.Email, mentor.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the old password still works");
    }

    [Theory]
    [MemberData(nameof(Weak))]
    public async Task Accepting_an_invitation_with_a_screened_password_is_refused_and_creates_no_account(string password, string sentence)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var (email, token) = await _data.InvitationAsync(await _data.ProgramAsync());
        password = password.Replace("{email}", email, StringComparison.Ordinal);
        var browser = new Browser(app.NewClient());

        var response = await browser.SubmitAsync($"/invite/{token}", "Join", new()
        {
            ["Input.Name"] = "Quentin Invitee", ["Input.Password"] = password, ["Input.Confirm"] = password,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(response)).Body!.TextContent.ShouldContain(sentence);
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == email))).Status.ShouldBe(InvitationStatus.Pending);
    }

    [Fact]
    public async Task Resetting_to_a_screened_password_is_refused_and_a_good_one_is_taken()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var visitor = new Browser(app.NewClient());
        await visitor.SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = mentor.Email });
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var message = app.Smtp.To(mentor.Email).ShouldHaveSingleItem();
        var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https://allyship\.example\.org(?<path>/account/set-password\S+)").Groups["path"].Value;
        link.ShouldNotBeEmpty(message.TextBody);

        var refused = await visitor.SubmitAsync(link, "Set password and sign in", new() { ["Input.Password"] = "Welcome12345", ["Input.Confirm"] = "Welcome12345" });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Browser.ParseAsync(refused)).Body!.TextContent.ShouldContain("leaked from other sites");

        // The positive control: the same link takes a good password.
        (await visitor.SubmitAsync(link, "Set password and sign in", new() { ["Input.Password"] = "Kettles hum at dawn", ["Input.Confirm"] = "Kettles hum at dawn" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
