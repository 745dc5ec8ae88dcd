using System.Net;
using System.Text.RegularExpressions;

namespace Allyship.IntegrationTests;

/// <summary>Several app instances on one database behave as one app: the Data Protection key ring lives in the database.</summary>
[Collection("App")]
[Trait("Category", "SqliteOnly")]
public sealed partial class InstancesTests
{
    /// <summary>An instance with its own data folder (as on its own machine) on a shared database file.</summary>
    private sealed class Instance(string database) : AppFixtureBase
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Allyship", $"Data Source={database}");
        }
    }

    [GeneratedRegex("allyship\\.(auth|af)=([^;]+)")]
    private static partial Regex CookiePattern();

    private static string Cookies(HttpResponseMessage response) => string.Join("; ", response.Headers.GetValues("Set-Cookie")
        .Select(c => CookiePattern().Match(c)).Where(m => m.Success).Select(m => $"allyship.{m.Groups[1].Value}={m.Groups[2].Value}"));

    private static async Task<HttpStatusCode> GetWithCookiesAsync(AppFixtureBase app, string url, string cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("Cookie", cookies);
        return (await app.NewClient().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task A_sign_in_and_a_form_token_from_one_instance_work_on_another_and_after_both_restart()
    {
        var shared = AppFixtureBase.NewDataDirectory();
        Directory.CreateDirectory(shared);
        var database = Path.Combine(shared, "allyship.db");
        string signedIn;
        using (var one = new Instance(database))
        using (var two = new Instance(database))
        {
            var program = await new TestData(one).ProgramAsync();
            var mentor = await new TestData(one).MentorAsync(program);
            var browser = new Browser(one.NewClient());
            signedIn = Cookies(await browser.SignInAsync(mentor.Email, mentor.Password));
            signedIn.ShouldContain("allyship.auth=");

            (await GetWithCookiesAsync(two, "/week", signedIn)).ShouldBe(HttpStatusCode.OK, "instance two should accept instance one's sign-in");

            // A form served by one, posted to two.
            using var form = new HttpRequestMessage(HttpMethod.Get, new Uri("/preferences", UriKind.Relative));
            form.Headers.Add("Cookie", signedIn);
            var page = await one.NewClient().SendAsync(form);
            var html = await page.Content.ReadAsStringAsync();
            var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var antiforgery = page.Headers.TryGetValues("Set-Cookie", out _) ? Cookies(page) : "";
            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/preferences?handler=Pause", UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["PauseUntil"] = "2026-12-06",
                }),
            };
            post.Headers.Add("Cookie", string.Join("; ", new[] { signedIn, antiforgery }.Where(c => c.Length > 0)));
            (await two.NewClient().SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "instance two should accept instance one's form token");
        }

        using var restarted = new Instance(database);
        (await GetWithCookiesAsync(restarted, "/week", signedIn)).ShouldBe(HttpStatusCode.OK, "the sign-in should survive a restart of every instance");
    }
}
