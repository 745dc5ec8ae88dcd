using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;

namespace Allyship.IntegrationTests;

/// <summary>Each event that should end an account's sessions ends them within a minute on another instance too.</summary>
public sealed partial class InstancesTests
{
    public static TheoryData<string> SessionEndingEvents => ["sign-out", "password change", "password reset", "two-factor on", "role lost", "deactivation"];

    [Theory]
    [MemberData(nameof(SessionEndingEvents))]
    public async Task A_cookie_saved_before_an_event_is_refused_by_another_instance_within_a_minute(string happening)
    {
        await using var shared = new SharedDatabase();
        await using var one = new Instance(shared.ConnectionString);
        await using var two = new Instance(shared.ConnectionString);
        _ = one.Services;
        var data = new TestData(one);
        var program = await data.ProgramAsync();
        var person = await data.MentorAsync(program);
        await data.UserAsync(Roles.ProgramAdmin); // not the last admin: that one stays
        await one.WithDbAsync(async db =>
        {
            db.UserRoles.Add(new() { UserId = person.Id, RoleId = db.Roles.Single(r => r.Name == Roles.ProgramAdmin).Id });
            return await db.SaveChangesAsync();
        });

        var saved = Cookies(await new Browser(one.NewClient()).SignInAsync(person.Email, person.Password));
        (await GetWithCookiesAsync(two, "/week", saved)).ShouldBe(HttpStatusCode.OK, "before: instance two takes the cookie");

        var device = await Browser.SignedInAsync(one, person);
        switch (happening)
        {
            case "sign-out":
                (await device.SubmitAsync("/week", "Sign out")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                break;
            case "password change":
                (await device.SubmitAsync("/account", "Change password", new()
                {
                    ["Input.Current"] = person.Password, ["Input.Password"] = "A brand new passphrase", ["Input.Confirm"] = "A brand new passphrase",
                })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                break;
            case "password reset":
                var visitor = new Browser(one.NewClient());
                await visitor.SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = person.Email });
                await one.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
                var link = Regex.Match(one.Smtp.To(person.Email).Single().TextBody ?? "", @"https://allyship\.example\.org(?<path>/account/set-password\S+)").Groups["path"].Value;
                (await visitor.SubmitAsync(link, "Set password and sign in", new() { ["Input.Password"] = "A brand new passphrase", ["Input.Confirm"] = "A brand new passphrase" }))
                    .StatusCode.ShouldBe(HttpStatusCode.Redirect);
                break;
            case "two-factor on":
                var key = (await device.GetPageAsync("/account/two-factor")).QuerySelector(".authenticator-key")!.TextContent;
                (await device.SubmitAsync("/account/two-factor", "Turn on two-factor", new() { ["Code"] = TestAuthenticator.CodeAt(key, one.Clock.GetUtcNow()) }))
                    .StatusCode.ShouldBe(HttpStatusCode.OK);
                break;
            case "role lost":
            case "deactivation":
                await using (var scope = one.Scope())
                {
                    var access = scope.ServiceProvider.GetRequiredService<AccountAccess.Handler>();
                    var actor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, "admin@example.org")], "test"));
                    var change = happening == "role lost"
                        ? await access.RemoveRoleAsync(actor, person.Id, Roles.ProgramAdmin, CancellationToken.None)
                        : await access.DeactivateAsync(actor, person.Id, CancellationToken.None);
                    change.Done.ShouldBeTrue(change.Message);
                }

                break;
        }

        one.Clock.Advance(TimeSpan.FromSeconds(61));
        two.Clock.Advance(TimeSpan.FromSeconds(61));
        (await GetWithCookiesAsync(two, "/week", saved)).ShouldBe(HttpStatusCode.Redirect, $"after {happening}, the old cookie is refused on instance two");
    }
}
