using System.Net;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>Finding (issue 31, low): with passwords off, the sign-in message told break-glass emails apart from the rest.</summary>
public sealed class PasswordsOffSentenceTests(SsoOnlyApp app, ITestOutputHelper output) : IClassFixture<SsoOnlyApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task Every_failed_password_sign_in_gets_the_same_sentence_whichever_account_it_names()
    {
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var admin = await _data.UserAsync(Roles.ProgramAdmin);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.BreakGlass, true)));

        var sentences = new List<string>();
        foreach (var (email, password) in new[]
        {
            (mentor.Email, mentor.Password), // an ordinary account, its right password
            (mentor.Email, "Not-the-password-36"),
            (admin.Email, "Not-the-password-36"), // the break-glass account, a wrong password
            ($"{TestData.Unique("nobody")}@example.com", "Not-the-password-36"),
        })
        {
            var response = await new Browser(app.NewClient()).SignInAsync(email, password);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            sentences.Add((await Browser.ParseAsync(response)).QuerySelector(".alert-danger")!.TextContent.Trim());
        }

        sentences.Distinct().ShouldHaveSingleItem().ShouldContain("Passwords are turned off here");

        // The positive control: the break-glass account still signs in with its password.
        (await new Browser(app.NewClient()).SignInAsync(admin.Email, admin.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
