using System.Security.Claims;
using Allyship.Web.Data;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// The app's menu, organised around the person (issue 35, item 1): at most three places of their main role as tabs (one
/// row on a 390 px phone, a bar at the bottom there), and everything else under <em>More</em>, grouped by role the same
/// way for the mentor, the program admin and HR, with Settings, Account and Sign out last.
/// </summary>
public sealed record NavMenu(IReadOnlyList<NavMenu.Item> Tabs, IReadOnlyList<NavMenu.Section> More)
{
    public const int MaxTabs = 3;

    public sealed record Item(string Label, string Href, Func<string, bool> IsCurrent);

    public sealed record Section(string? Heading, IReadOnlyList<Item> Items)
    {
        /// <summary>The heading's element id ("more-program-admin"), which its list is labelled by; null without a heading.</summary>
        public string? HeadingId => Heading is null ? null : "more-" + Heading.Replace(' ', '-').ToLowerInvariant();
    }

    private static bool Under(string path, string prefix) => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static Item At(string label, string href) => new(label, href, p => Under(p, href));

    private static readonly Item[] Mentor =
    [
        At("This week", "/week"), At("History", "/history"), At("Colleagues", "/colleagues"), At("At home", "/self-check"),
    ];

    private static readonly Item[] Admin =
    [
        new("Programs", "/admin", p => p is "/admin" or "/admin/" || Under(p, "/admin/programs")),
        At("People", "/admin/users"), At("Directory", "/admin/colleagues"), At("Invitations", "/admin/invitations"),
        At("Concerns", "/concerns"), At("Audit", "/admin/audit"), At("Emails", "/admin/emails"), At("Provisioning", "/admin/provisioning"),
        At("Integrations", "/admin/integrations"),
    ];

    /// <summary>Running the app: jobs and their last and next runs; the raw jobs dashboard is one link further.</summary>
    private static readonly Item[] Operator = [At("Operations", "/operations")];

    private static readonly Item[] Hr = [At("Reports", "/reports"), At("Concerns", "/concerns")];

    /// <summary>The menu for this person: their first role's places as tabs (mentor, then program admin, then HR).</summary>
    public static NavMenu For(ClaimsPrincipal user)
    {
        var roles = new List<(string Heading, Item[] Items)>();
        if (user.IsInRole(Roles.Mentor))
        {
            roles.Add(("Mentor", Mentor));
        }

        if (user.IsInRole(Roles.ProgramAdmin))
        {
            roles.Add(("Program admin", Admin));
        }

        if (user.IsInRole(Roles.HR))
        {
            roles.Add(("HR", Hr));
        }

        if (user.IsInRole(Roles.Operator))
        {
            roles.Add(("Operator", Operator));
        }

        var tabs = roles.Count == 0 ? [] : roles[0].Items.Take(MaxTabs).ToList();
        var shown = tabs.Select(t => t.Href).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var more = new List<Section>();
        foreach (var (heading, items) in roles)
        {
            var rest = items.Where(i => shown.Add(i.Href)).ToList();
            if (rest.Count > 0)
            {
                more.Add(new Section(roles.Count == 1 ? null : heading, rest));
            }
        }

        more.Add(new Section("You", [At("Settings", "/preferences"), At("Account", "/account")]));
        return new NavMenu(tabs, more);
    }

    /// <summary>True when the page shown is one of those under More (the More tab then shows as current).</summary>
    public bool MoreIsCurrent(string path) => More.SelectMany(s => s.Items).Any(i => i.IsCurrent(path));
}
