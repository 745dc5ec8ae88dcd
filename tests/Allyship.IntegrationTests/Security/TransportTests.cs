using System.Net;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>Finding (issue 31, low): HSTS was 30 days.</summary>
public sealed class TransportTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Https_responses_ask_browsers_for_https_only_for_a_year()
    {
        app.LogTo(output);
        using var client = app.CreateClient(new() { BaseAddress = new Uri("https://allyship.example.org"), AllowAutoRedirect = false });
        var response = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000");
    }
}
