using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

public sealed partial class SignInTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task A_mentor_signs_in_and_lands_on_this_week()
    {
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = new Browser(app.NewClient());

        var response = await browser.SignInAsync(mentor.Email, mentor.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/");

        var home = await browser.Client.GetAsync(new Uri("/", UriKind.Relative));
        home.Headers.Location!.ToString().ShouldBe("/week");
        var week = await browser.GetPageAsync("/week");
        week.QuerySelector("#minutes-done")!.TextContent.ShouldContain("0 of 36 minutes");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_sentence()
    {
        var mentor = await _data.UserAsync(Roles.Mentor);
        var response = await new Browser(app.NewClient()).SignInAsync(mentor.Email, "not-the-password");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("That email and password don&#x27;t match");
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_account_and_the_right_password_then_gets_the_wrong_passwords_answer()
    {
        var mentor = await _data.UserAsync(Roles.Mentor);
        var browser = new Browser(app.NewClient());
        for (var i = 0; i < 5; i++)
        {
            (await browser.SignInAsync(mentor.Email, $"wrong-{i}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var response = await browser.SignInAsync(mentor.Email, mentor.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // No "this account is locked" (which only real accounts could get): the same sentence as any wrong password.
        (await response.Content.ReadAsStringAsync()).ShouldContain("That email and password don&#x27;t match");
        (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(c => c.StartsWith("allyship.auth", StringComparison.Ordinal));

        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        (await users.IsLockedOutAsync((await users.FindByIdAsync(mentor.Id))!)).ShouldBeTrue();
    }

    [Fact]
    public async Task Four_failed_attempts_do_not_lock_the_account()
    {
        var mentor = await _data.UserAsync(Roles.Mentor);
        var browser = new Browser(app.NewClient());
        for (var i = 0; i < 4; i++)
        {
            await browser.SignInAsync(mentor.Email, $"wrong-{i}");
        }

        (await browser.SignInAsync(mentor.Email, mentor.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var program = await _data.ProgramAsync();
        var browser = await Browser.SignedInAsync(app, await _data.MentorAsync(program));
        (await browser.SubmitAsync("/week", "Sign out")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Client.GetAsync(new Uri("/week", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_set_password_link_works_once()
    {
        var user = await _data.UserAsync(Roles.ProgramAdmin);
        string link;
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var entity = (await users.FindByIdAsync(user.Id))!;
            link = Allyship.Web.Features.Commands.Commands.SetPasswordLink("", entity.Id, await users.GeneratePasswordResetTokenAsync(entity));
        }

        var browser = new Browser(app.NewClient());
        var fields = new Dictionary<string, string?> { ["Input.Password"] = "A-brand-new-pw-9", ["Input.Confirm"] = "A-brand-new-pw-9" };
        var response = await browser.SubmitAsync(link, "Set password", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Used once: the same link is now refused, and the new password signs in.
        var again = await browser.GetPageAsync(link);
        again.Body!.TextContent.ShouldContain("This link doesn't work: it has expired or was already used");
        (await new Browser(app.NewClient()).SignInAsync(user.Email, "A-brand-new-pw-9")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_tampered_set_password_link_changes_nothing()
    {
        var user = await _data.UserAsync(Roles.ProgramAdmin);
        var page = await new Browser(app.NewClient()).GetPageAsync($"/account/set-password?userId={user.Id}&code=bm90LWEtdG9rZW4");
        page.Body!.TextContent.ShouldContain("This link doesn't work: it has expired or was already used");
    }

    [Fact]
    public async Task The_create_admin_command_makes_an_admin_and_prints_a_working_link()
    {
        var email = $"{TestData.Unique("boss")}@example.com";
        var (exit, output) = await RunAppCommandAsync(app, "create-admin", email);
        exit.ShouldBe(0, output);
        var link = SetPasswordLinkPattern().Match(output);
        link.Success.ShouldBeTrue(output);

        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = await users.FindByEmailAsync(email);
            admin.ShouldNotBeNull();
            (await users.IsInRoleAsync(admin, Roles.ProgramAdmin)).ShouldBeTrue();
            admin.PasswordHash.ShouldBeNull();
            admin.BreakGlass.ShouldBeTrue("create-admin's accounts keep passwords when single sign-on turns them off");
        }

        var browser = new Browser(app.NewClient());
        var path = link.Groups["path"].Value;
        var fields = new Dictionary<string, string?> { ["Input.Password"] = "Admins-own-pw-36", ["Input.Confirm"] = "Admins-own-pw-36" };
        (await browser.SubmitAsync(path, "Set password", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.Client.GetAsync(new Uri("/admin/jobs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await _data.UserAsync(Roles.ProgramAdmin); // the last program admin's role can't be removed
        var (removed, said) = await RunAppCommandAsync(app, "remove-role", email, Roles.ProgramAdmin);
        removed.ShouldBe(0, said);
        said.ShouldContain("no longer has the Program admin role");
        var before = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        (await browser.Client.GetAsync(new Uri("/admin", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "losing the role ended the session");
        app.Clock.SetUtcNow(before);
    }

    [Fact]
    public async Task The_create_admin_command_refuses_a_malformed_email()
    {
        var (exit, output) = await RunAppCommandAsync(app, "create-admin", "not-an-email");
        exit.ShouldBe(2);
        output.ShouldContain("Usage: create-admin <email>");
    }

    /// <summary>Runs the built app as `dotnet Allyship.Web.dll &lt;args&gt;`, as the README's command does.</summary>
    internal static Task<(int Exit, string Output)> RunAppCommandAsync(string dataDirectory, params string[] args) =>
        RunAppCommandAsync(new Dictionary<string, string> { ["Storage__DataDirectory"] = dataDirectory }, args);

    /// <summary>Runs a command against a fixture's own database (its SQLite file or its PostgreSQL database).</summary>
    internal static Task<(int Exit, string Output)> RunAppCommandAsync(AppFixtureBase app, params string[] args) =>
        RunAppCommandAsync(app.Environment, args);

    internal static async Task<(int Exit, string Output)> RunAppCommandAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a command (or a server) that never ends is not left running
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"http://localhost:5080(?<path>/account/set-password\?userId=[^\s&]+&code=[A-Za-z0-9_\-]+)")]
    private static partial Regex SetPasswordLinkPattern();
}
