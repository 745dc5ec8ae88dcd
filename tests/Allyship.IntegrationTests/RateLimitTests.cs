using System.Net;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>An app that lets one address post three times a minute to the account pages.</summary>
public sealed class LowRateLimitApp : AppFixtureBase
{
    public LowRateLimitApp()
    {
        RateLimitPerMinute = 3;
    }
}

public sealed class RateLimitTests(LowRateLimitApp app, ITestOutputHelper output) : IClassFixture<LowRateLimitApp>
{
    private readonly AppFixtureBase _app = app.LogTo(output);

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_a_429_page_with_retry_after()
    {
        var visitor = new Browser(_app.NewClient());
        for (var i = 0; i < 3; i++)
        {
            (await visitor.SignInAsync("someone@example.com", "Wrong-password-36")).StatusCode.ShouldBe(HttpStatusCode.OK, $"attempt {i + 1}");
        }

        var refused = await visitor.SignInAsync("someone@example.com", "Wrong-password-36");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        (await Browser.ParseAsync(refused)).QuerySelector(".error-page")!.TextContent.ShouldContain("Too many attempts came from your address");

        // Reading the page is never limited, and other pages are not affected.
        (await visitor.Client.GetAsync(new Uri("/account/sign-in", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await visitor.SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = "someone@example.com" }))
            .StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "the same address, the same budget across the account pages");
    }

    [Fact]
    public async Task Crafted_posts_to_a_colleagues_link_pages_share_the_per_address_limit()
    {
        var visitor = new Browser(_app.NewClient());
        async Task<HttpStatusCode> PostAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = new FormUrlEncodedContent([]) };
            request.Headers.Add(ClientAddressFromHeader.Header, "203.0.113.77");
            return (await visitor.Client.SendAsync(request)).StatusCode;
        }

        foreach (var url in new[] { "/colleague/stop/not-a-token", "/colleague/stop/not-a-token", "/colleague/stop/not-a-token" })
        {
            (await PostAsync(url)).ShouldBe(HttpStatusCode.BadRequest);
        }

        (await PostAsync("/colleague/stop/not-a-token")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await PostAsync("/colleague/concern/not-a-token")).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Too_many_crafted_attempts_on_one_account_get_a_429_whichever_addresses_they_come_from()
    {
        var email = $"{TestData.Unique("target")}@example.com";
        var visitor = new Browser(_app.NewClient());
        var token = await visitor.TokenFromAsync("/account/sign-in");

        async Task<HttpResponseMessage> AttemptFromAsync(string address, string account)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/sign-in", UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["Input.Email"] = account, ["Input.Password"] = "Wrong-password-36",
                }),
            };
            request.Headers.Add(ClientAddressFromHeader.Header, address);
            return await visitor.Client.SendAsync(request);
        }

        for (var i = 1; i <= 3; i++)
        {
            (await AttemptFromAsync($"192.0.2.{i}", email)).StatusCode.ShouldBe(HttpStatusCode.OK, $"attempt {i}, from its own address");
        }

        var refused = await AttemptFromAsync("192.0.2.4", email);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "a fourth address gets no fresh budget for the same account");
        refused.Headers.Contains("Retry-After").ShouldBeTrue();
        (await AttemptFromAsync("192.0.2.4", $"{TestData.Unique("other")}@example.com")).StatusCode.ShouldBe(HttpStatusCode.OK, "another account is not affected");
    }
}
