using Allyship.Web.Features.Demo;
using Microsoft.AspNetCore.Hosting;

namespace Allyship.IntegrationTests;

/// <summary>A newcomer who just ran the app finds the demo accounts on the sign-in page, in Development only (issue 35, item 10).</summary>
public sealed class DemoAccountsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_sign_in_page_names_the_demo_accounts_in_development_and_nowhere_else()
    {
        // Any other environment (the fixture's): not a word of them.
        var elsewhere = await new Browser(app.NewClient()).GetPageAsync("/account/sign-in");
        elsewhere.QuerySelector("#demo-accounts").ShouldBeNull();
        elsewhere.Body!.TextContent.ShouldNotContain(DemoSeeder.DemoPassword);

        // Development, as `dotnet run` starts it: the demo is seeded and its accounts are on the page.
        using var development = app.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var page = await new Browser(development.CreateClient(new() { AllowAutoRedirect = false })).GetPageAsync("/account/sign-in");
        var box = page.QuerySelector("#demo-accounts")!.TextContent;
        box.ShouldContain(DemoSeeder.MentorEmail);
        box.ShouldContain(DemoSeeder.AdminEmail);
        box.ShouldContain(DemoSeeder.HrEmail);
        box.ShouldContain(DemoSeeder.DemoPassword);
    }
}
