using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Which pages anyone may open, and which are rate-limited by address, read from the running app's endpoints: each page
/// declares it on its page model ([AllowAnonymous], [EnableRateLimiting]), so a new open page is a deliberate change here.
/// </summary>
public sealed class PageAccessTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly AppFixtureBase _app = app.LogTo(output);

    private List<(string Page, EndpointMetadataCollection Metadata)> Pages() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => (Descriptor: e.Metadata.GetMetadata<PageActionDescriptor>(), e.Metadata))
            .Where(e => e.Descriptor is not null)
            .Select(e => (e.Descriptor!.ViewEnginePath, e.Metadata))
            .ToList();

    [Fact]
    public void Only_these_pages_are_open_without_signing_in()
    {
        Pages().Where(p => p.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(p => p.Page).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(
            [
                "/Account/AccessDenied",
                "/Account/ForgotPassword",
                "/Account/SetPassword",
                "/Account/SignIn",
                "/Account/SignOut",
                "/Account/SingleSignOn",
                "/Account/TwoFactorSignIn",
                "/App/Offline",
                "/Coffee/Answer",
                "/Errors/Index",
                "/Home/Index",
                "/Invite/Accept",
                "/Unsubscribe/Index",
                "/Voice/Choices",
                "/Voice/Concern",
                "/Voice/Confirm",
                "/Voice/Pulse",
                "/Voice/Stop",
            ]);
    }

    [Fact]
    public void The_pages_that_take_a_password_a_code_or_a_link_from_anyone_are_limited_by_address()
    {
        Pages().Where(p => p.Metadata.GetMetadata<EnableRateLimitingAttribute>() is { PolicyName: Allyship.Web.Infrastructure.RateLimits.Accounts })
            .Select(p => p.Page).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(
            [
                "/Account/ForgotPassword",
                "/Account/SetPassword",
                "/Account/SignIn",
                "/Account/TwoFactor",
                "/Account/TwoFactorSignIn",
                "/Coffee/Answer",
                "/Invite/Accept",
                "/Unsubscribe/Index",
                "/Voice/Choices",
                "/Voice/Concern",
                "/Voice/Confirm",
                "/Voice/Pulse",
                "/Voice/Stop",
            ]);
    }
}
