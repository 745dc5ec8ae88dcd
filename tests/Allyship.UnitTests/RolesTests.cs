using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;

namespace Allyship.UnitTests;

/// <summary>Role names compared as Identity compares them, and the separated duties that start from them.</summary>
public sealed class RolesTests
{
    [Theory]
    [InlineData("hr", Roles.HR)]
    [InlineData("Hr", Roles.HR)]
    [InlineData("HR", Roles.HR)]
    [InlineData("programadmin", Roles.ProgramAdmin)]
    [InlineData("MENTOR", Roles.Mentor)]
    [InlineData("Superuser", null)]
    [InlineData(" HR", null)]
    [InlineData("H\uD800", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_role_name_means_the_role_Identity_would_find(string? name, string? role) => Roles.Find(name).ShouldBe(role);

    [Theory]
    [InlineData("hr")]
    [InlineData("Hr")]
    [InlineData("HR")]
    public void Only_HR_gives_or_takes_HR_and_switches_off_an_HR_account(string spelling)
    {
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "admin"), new Claim(ClaimTypes.Role, Roles.ProgramAdmin)], "test"));
        var hr = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "hr"), new Claim(ClaimTypes.Role, Roles.HR)], "test"));

        RoleRules.RefusalFor(admin, "someone", spelling).ShouldBe(RoleRules.OnlyHrGrantsHr);
        RoleRules.RefusalFor(hr, "someone", spelling).ShouldBeNull();
        RoleRules.AccountRefusalFor(admin, "someone", targetIsHr: true).ShouldBe(RoleRules.OnlyHrRemovesHr);
        RoleRules.AccountRefusalFor(hr, "someone", targetIsHr: true).ShouldBeNull();
        RoleRules.AccountRefusalFor(admin, "someone", targetIsHr: false).ShouldBeNull();
        RoleRules.AccountRefusalFor(hr, "hr", targetIsHr: true).ShouldBe(RoleRules.NotYourself);
    }

    [Fact]
    public void Pages_name_roles_in_the_products_words() =>
        Roles.All.Select(Roles.Label).ShouldBe(["Mentor", "Program admin", "HR", "Operator"]);
}
