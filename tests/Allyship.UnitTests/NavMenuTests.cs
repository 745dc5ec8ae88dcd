using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.Shared;

namespace Allyship.UnitTests;

/// <summary>The menu is organised around the person (issue 35, item 1): three tabs of their main role, the rest under More.</summary>
public sealed class NavMenuTests
{
    private static ClaimsPrincipal With(params string[] roles) =>
        new(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "test"));

    [Theory]
    [InlineData(new[] { Roles.Mentor }, "This week,History,Colleagues")]
    [InlineData(new[] { Roles.ProgramAdmin }, "Programs,People,Directory")]
    [InlineData(new[] { Roles.HR }, "Reports,Concerns")]
    [InlineData(new[] { Roles.ProgramAdmin, Roles.Operator }, "Programs,People,Directory")]
    [InlineData(new[] { Roles.ProgramAdmin, Roles.HR, Roles.Mentor }, "This week,History,Colleagues")]
    public void Each_person_gets_their_main_places_as_tabs_and_every_other_place_once_under_More(string[] roles, string tabs)
    {
        var menu = NavMenu.For(With(roles));
        string.Join(",", menu.Tabs.Select(t => t.Label)).ShouldBe(tabs);
        var everything = menu.Tabs.Concat(menu.More.SelectMany(s => s.Items)).Select(i => i.Href).ToList();
        everything.ShouldBeUnique();
        everything.ShouldContain("/preferences");
        everything.ShouldContain("/account");
        if (roles.Contains(Roles.ProgramAdmin))
        {
            everything.ShouldNotContain("/admin/jobs", "the raw jobs dashboard is an operator's, one link from Operations");
            everything.ShouldContain("/concerns");
        }

        everything.Contains("/operations").ShouldBe(roles.Contains(Roles.Operator));

        if (roles.Length > 1)
        {
            menu.More.Select(s => s.Heading).ShouldContain("Program admin"); // grouped by role the same way for everyone
        }
    }

    [Fact]
    public void More_is_current_on_a_page_under_it()
    {
        var menu = NavMenu.For(With(Roles.Mentor));
        menu.MoreIsCurrent("/preferences").ShouldBeTrue();
        menu.MoreIsCurrent("/week").ShouldBeFalse();
        menu.Tabs[0].IsCurrent("/week").ShouldBeTrue();
    }
}
