using System.Net;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>An app that counts password hash checks, to show an unknown email costs what a known one does.</summary>
public sealed class CountingHasherApp : AppFixtureBase
{
    public CountingHasher Hasher { get; private set; } = null!;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IPasswordHasher<AppUser>>(sp =>
            Hasher = new CountingHasher(new PasswordHasher<AppUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()))));
    }
}

public sealed class CountingHasher(IPasswordHasher<AppUser> inner) : IPasswordHasher<AppUser>
{
    private int _verifications;

    public int Verifications => _verifications;

    public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Sessions end on time, cookies are hardened on HTTPS, and sign-in answers give nothing away.</summary>
public sealed class SessionTests(CountingHasherApp app, ITestOutputHelper output) : IClassFixture<CountingHasherApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    [Fact]
    public async Task A_mentor_session_ends_after_8_idle_hours_and_an_admins_after_1()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await Browser.SignedInAsync(app, await _data.MentorAsync(await _data.ProgramAsync()));
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        app.Clock.Advance(TimeSpan.FromMinutes(55));
        (await mentor.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.OK);
        (await admin.StatusOfAsync("/admin")).ShouldBe(HttpStatusCode.OK, "55 minutes idle is within an admin's hour");

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        (await admin.StatusOfAsync("/admin")).ShouldBe(HttpStatusCode.Redirect, "an admin's session ends after an idle hour");
        (await mentor.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.OK, "a mentor's does not");

        app.Clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
        (await mentor.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.Redirect, "8 idle hours end a mentor's session");
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task An_active_session_still_ends_7_days_after_signing_in()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await Browser.SignedInAsync(app, await _data.MentorAsync(await _data.ProgramAsync()));
        for (var hours = 0; hours < (7 * 24) - 4; hours += 4)
        {
            app.Clock.Advance(TimeSpan.FromHours(4));
            (await mentor.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.OK, $"used every 4 hours, {hours + 4} hours in");
        }

        app.Clock.Advance(TimeSpan.FromHours(5));
        (await mentor.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.Redirect, "however active, a sign-in lasts 7 days");
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task Over_https_the_sign_in_cookie_is_host_prefixed_and_every_cookie_is_secure()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        var secure = new Browser(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        var form = await secure.Client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        form.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        var response = await secure.SignInAsync(mentor.Email, mentor.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        cookies.ShouldContain(c => c.StartsWith("__Host-allyship.auth=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase) && c.Contains("path=/", StringComparison.Ordinal));
        cookies.ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        (await secure.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.OK);

        var plain = await new Browser(app.NewClient()).SignInAsync(mentor.Email, mentor.Password);
        plain.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("allyship.auth=", StringComparison.Ordinal), "plain http on a laptop keeps a name browsers accept there");
    }

    [Fact]
    public async Task An_unknown_email_and_a_locked_account_cost_one_password_check_and_get_the_wrong_password_answer()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.UserAsync(Roles.Mentor);
        var browser = new Browser(app.NewClient());

        async Task<(string Text, int Checks)> AttemptAsync(string email, string password)
        {
            var before = app.Hasher.Verifications;
            var response = await browser.SignInAsync(email, password);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return ((await Browser.ParseAsync(response)).QuerySelector(".alert-danger")!.TextContent, app.Hasher.Verifications - before);
        }

        var wrong = await AttemptAsync(mentor.Email, "Not-the-password-36");
        wrong.Checks.ShouldBe(1);
        var unknown = await AttemptAsync($"{TestData.Unique("nobody")}@example.com", "Not-the-password-36");
        unknown.Checks.ShouldBe(1, "an unknown email costs the same password check as a known one");
        unknown.Text.ShouldBe(wrong.Text);

        for (var i = 0; i < 4; i++)
        {
            await AttemptAsync(mentor.Email, $"Wrong-{i}-password");
        }

        var locked = await AttemptAsync(mentor.Email, mentor.Password);
        locked.Checks.ShouldBe(1, "a locked account costs a check too");
        locked.Text.ShouldBe(wrong.Text, "a locked account is answered exactly like a wrong password");

        var events = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Action.StartsWith("signin.") && (a.Target == mentor.Email)).Select(a => a.Action).ToListAsync());
        events.ShouldContain("signin.failed");
        events.ShouldContain("signin.locked-out");
    }

    [Fact]
    public async Task Security_events_are_in_the_audit_log_with_the_address_and_admins_filter_by_person_and_kind()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var mentor = await _data.MentorAsync(await _data.ProgramAsync());
        await new Browser(app.NewClient()).SignInAsync(mentor.Email, "Wrong-password-here");
        await Browser.SignedInAsync(app, mentor);
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));

        var page = await admin.GetPageAsync($"/admin/audit?person={Uri.EscapeDataString(mentor.Email)}&kind=signin");
        var rows = page.QuerySelectorAll(".audit-table tbody tr").Select(r => r.TextContent).ToList();
        rows.Count.ShouldBe(2);
        rows.ShouldContain(r => r.Contains("Sign-in failed") && r.Contains("wrong password"));
        rows.ShouldContain(r => r.Contains("Signed in"));
        rows.ShouldAllBe(r => !r.Contains("signin."));
        rows.ShouldAllBe(r => r.Contains(mentor.Email) && !r.Contains("Wrong-password-here"));

        var failedOnly = await admin.GetPageAsync($"/admin/audit?person={Uri.EscapeDataString(mentor.Email)}&kind=signin.failed");
        failedOnly.QuerySelectorAll(".audit-table tbody tr").Length.ShouldBe(1);
        page.QuerySelectorAll("#kind option").Select(o => o.GetAttribute("value")).ShouldContain("signin.succeeded");
        page.QuerySelectorAll("#kind option").Select(o => o.TextContent.Trim()).ShouldContain("Sign-ins (all)");
    }
}
