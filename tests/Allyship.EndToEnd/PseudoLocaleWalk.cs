using System.Text.Json;
using System.Text.RegularExpressions;
using Allyship.Web.Features.Demo;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.Extensions.DependencyInjection;

namespace Allyship.EndToEnd;

/// <summary>
/// The pseudo-locale walk (issue 40): the demo's translated pages opened in qps-ploc at 390 and 1280 px. Every piece of
/// text a person reads (and the labels a screen reader reads) must have gone through a localizer, except names and what
/// people wrote (read from the demo's data) and numbers; and the longer text must not overflow or break inside a word
/// (the layout check of every audited page).
/// </summary>
[Collection("Browser")]
public sealed partial class PseudoLocaleWalk(BrowserHost host)
{
    /// <summary>Both sizes, in the pseudo-locale and in its mirrored twin (dir="rtl": the layout must mirror and still fit).</summary>
    public static TheoryData<Viewport, string> SizesAndDirections() => new()
    {
        { Viewport.Phone, Cultures.Pseudo }, { Viewport.Desktop, Cultures.Pseudo }, { Viewport.Phone, Cultures.PseudoMirrored }, { Viewport.Desktop, Cultures.PseudoMirrored },
    };

    /// <summary>
    /// The text of every visible block that holds text (a sentence with a bold part inside is read whole), and every
    /// read-aloud label, whitespace collapsed; guide content (a program's own words) aside.
    /// </summary>
    private const string VisibleText = """
        () => {
          const out = [];
          const seen = new Set();
          const skip = 'script, style, noscript, template, textarea, code, kbd, [data-l10n-content]';
          const blocks = 'p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, label, button, legend, summary, a, option, caption, figcaption, div';
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!el || el.closest(skip) || !n.textContent.trim()) continue;
            if (!el.closest('.visually-hidden') && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
            const block = el.closest(blocks) || el;
            if (seen.has(block)) continue;
            seen.add(block);
            const t = [...block.childNodes].map(c => c.nodeType === 3 ? c.textContent : (c.matches && c.matches(blocks + ', code, kbd') ? ' ' : c.textContent)).join('').replace(/\s+/g, ' ').trim();
            if (t) out.push(`${t}\u0001${block.tagName.toLowerCase()}${block.id ? '#' + block.id : ''}`);
          }
          for (const e of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
            if (e.closest(skip)) continue;
            for (const a of ['placeholder', 'aria-label', 'title']) {
              const v = (e.getAttribute(a) || '').trim();
              if (v) out.push(`${v}\u0001${e.tagName.toLowerCase()}[${a}]`);
            }
          }
          out.push(`${document.title}\u0001title`);
          return out;
        }
        """;

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex PseudoPart();

    [GeneratedRegex(@"[\p{L}]{2,}")]
    private static partial Regex Words();

    [BrowserTheory]
    [MemberData(nameof(SizesAndDirections))]
    public async Task The_mentors_and_the_colleagues_pages_have_no_text_that_missed_a_localizer(Viewport viewport, string culture)
    {
        var known = await KnownWordsAsync();
        var mentorId = await host.App.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.Email == DemoSeeder.MentorEmail).Select(u => u.Id).First()));
        var action = await host.App.WithDbAsync(db => Task.FromResult(db.Actions.Where(a => a.MentorId == mentorId).OrderByDescending(a => a.OccurredOn)
            .Select(a => new { a.Id, a.ColleagueId, a.ProgramId }).First()));

        var planId = await host.App.WithDbAsync(db => Task.FromResult(db.PlannedCoffees.Where(p => p.MentorId == mentorId).OrderBy(p => p.Id).Select(p => p.Id).First()));
        var context = await host.NewContextAsync(viewport);
        var mentor = new Ui(await context.NewPageAsync(), Input.Mouse, viewport);
        await mentor.SignInAsync(DemoSeeder.MentorEmail, DemoSeeder.DemoPassword);
        var findings = new List<string>();
        foreach (var url in new[]
        {
            "/week", "/history", "/colleagues", $"/colleagues/{action.ColleagueId}?program={action.ProgramId}", "/preferences",
            "/log/coffee", "/log/shout-out", "/log/sponsor-note", $"/actions/{action.Id}", $"/actions/{action.Id}/edit", $"/actions/{action.Id}/delete",
            "/guide", "/welcome", "/self-check", "/coffee/plan", $"/coffee/plan/{planId}", "/account", "/account/two-factor", "/chat/accounts",
        })
        {
            findings.AddRange(await UntranslatedAsync(mentor, url, culture, known));
        }

        findings.AddRange(await UntranslatedAsync(mentor, "/chat/link/not-a-real-token", culture, known, 400));

        // The program team's pages and HR's.
        var someone = await host.App.WithDbAsync(db => Task.FromResult(db.Colleagues.OrderBy(c => c.Id).Select(c => c.Id).First()));
        var admin = new Ui(await (await host.NewContextAsync(viewport)).NewPageAsync(), Input.Mouse, viewport);
        await admin.SignInAsync(DemoSeeder.AdminEmail, DemoSeeder.DemoPassword);
        var concernId = await host.App.WithDbAsync(db => Task.FromResult(db.Concerns.OrderBy(c => c.Id).Select(c => c.Id).First()));
        foreach (var url in new[]
        {
            "/admin", "/admin/colleagues", $"/admin/colleagues/{someone}/edit", "/admin/colleagues/import", "/admin/users", $"/admin/users/{mentorId}",
            "/concerns", $"/concerns/{concernId}", $"/admin/programs/{action.ProgramId}/mentors", "/admin/emails/preview/weekly-summary",
            $"/admin/programs/{action.ProgramId}", $"/admin/programs/{action.ProgramId}/edit", "/admin/invitations", "/admin/emails", "/admin/audit",
            "/admin/integrations", "/admin/provisioning", "/operations",
        })
        {
            findings.AddRange(await UntranslatedAsync(admin, url, culture, known));
        }

        var hr = new Ui(await (await host.NewContextAsync(viewport)).NewPageAsync(), Input.Mouse, viewport);
        await hr.SignInAsync(DemoSeeder.HrEmail, DemoSeeder.DemoPassword);
        foreach (var url in new[] { "/reports", "/reports?print=summary", "/reports/outcomes", "/reports/downloads" })
        {
            findings.AddRange(await UntranslatedAsync(hr, url, culture, known));
        }

        var tokens = host.App.Services.GetRequiredService<Allyship.Web.Features.Shared.VoiceTokens>();
        var asked = await host.App.WithDbAsync(db => Task.FromResult(db.Confirmations.OrderBy(c => c.ActionId).Select(c => new { c.ColleagueId, c.Action.WeekStart }).First()));
        var confirm = tokens.Create(Allyship.Web.Features.Shared.VoicePurpose.Confirm, asked.ColleagueId, asked.WeekStart);
        var pulse = tokens.Create(Allyship.Web.Features.Shared.VoicePurpose.Pulse, asked.ColleagueId, new DateOnly(2026, 7, 1));
        var coffee = await host.App.WithDbAsync(db => Task.FromResult(db.PlannedCoffees.Single(p => p.Uid == "demo-coffee-2@allyship")));
        var coffeeDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(coffee.StartsUtc, TimeZoneInfo.FindSystemTimeZoneById(coffee.TimeZoneId)));
        var answer = tokens.Create(Allyship.Web.Features.Shared.VoicePurpose.CoffeeInvite, coffee.ColleagueId, coffeeDay);
        var colleague = new Ui(await (await host.NewContextAsync(viewport)).NewPageAsync(), Input.Mouse, viewport);
        foreach (var url in new[] { $"/confirm/{confirm}", $"/colleague/choices/{confirm}", $"/colleague/concern/{confirm}", $"/colleague/stop/{confirm}", $"/pulse/{pulse}",
            $"/colleague/coffee/{answer}", "/confirm/not-a-real-token", "/account/sign-in", "/account/forgot-password", "/invite/not-a-real-token",
            "/unsubscribe?token=not-a-real-token", "/error/404", "/", "/account/access-denied", "/account/set-password", "/account/sign-in/two-factor" })
        {
            var status = url switch
            {
                "/invite/not-a-real-token" => 410, "/unsubscribe?token=not-a-real-token" or "/confirm/not-a-real-token" => 400, "/error/404" => 404,
                "/account/access-denied" => 403, _ => 200,
            };
            findings.AddRange(await UntranslatedAsync(colleague, url, culture, known, status));
        }

        findings.ShouldBeEmpty($"text that no localizer saw, at {viewport} in {culture}");
        mentor.ShouldBeAccessible(); // the audit's layout check: nothing overflows and no word breaks inside, with text 30% longer
        colleague.ShouldBeAccessible();
        admin.ShouldBeAccessible();
        hr.ShouldBeAccessible();
    }

    private static async Task<IEnumerable<string>> UntranslatedAsync(Ui ui, string url, string culture, IReadOnlyList<string> known, int status = 200)
    {
        await ui.GoAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=" + culture, status);
        if (culture == Cultures.PseudoMirrored)
        {
            (await ui.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe("rtl", url);
        }

        var found = new List<string>();
        foreach (var item in (await ui.Page.EvaluateAsync<JsonElement>(VisibleText)).EnumerateArray().Select(e => e.GetString()!))
        {
            var (text, where) = (item.Split('\u0001')[0], item.Split('\u0001')[1]);
            var rest = text;
            for (var before = ""; before != rest;)
            {
                before = rest;
                rest = PseudoPart().Replace(rest, " ");
            }

            foreach (var word in known)
            {
                rest = rest.Replace(word, " ", StringComparison.Ordinal);
            }

            if (Words().IsMatch(rest))
            {
                found.Add($"{url.Split('?')[0]} {where}: “{text}”");
            }
        }

        return found.Distinct();
    }

    /// <summary>Names and what people wrote, from the demo's data: shown as they are in every language. Longest first.</summary>
    private async Task<IReadOnlyList<string>> KnownWordsAsync() =>
        await host.App.WithDbAsync(async db =>
        {
            var words = new List<string?> { "Allyship", "English", "Français", "Español", "Microsoft Teams", "Slack", "Teams" };
            words.AddRange(db.Colleagues.Select(c => c.Name));
            words.AddRange(db.Colleagues.Select(c => c.Email));
            words.AddRange(db.Colleagues.Select(c => c.Department));
            words.AddRange(db.Colleagues.Select(c => c.Level));
            words.AddRange(db.Users.Select(u => u.DisplayName));
            words.AddRange(db.Users.Select(u => u.PreferredName));
            words.AddRange(db.Users.Select(u => u.Email));
            words.AddRange(db.Users.Select(u => u.Department));
            words.AddRange(db.Programs.Select(p => p.Name));
            words.AddRange(db.Programs.Select(p => p.TimeZoneId));
            words.AddRange(db.Programs.Select(p => p.ChatChannel));
            words.AddRange(db.Actions.Select(a => a.Topics));
            words.AddRange(db.Actions.Select(a => a.Achievement));
            words.AddRange(db.Actions.Select(a => a.WhereGiven));
            words.AddRange(db.Actions.Select(a => a.SeniorLeader));
            words.AddRange(db.Actions.Select(a => a.Accomplishment));
            words.AddRange(db.PlannedCoffees.Select(p => p.Place));
            words.AddRange(db.PlannedCoffees.Select(p => p.AnswerNote));
            words.AddRange(db.PlannedCoffees.Select(p => p.TimeZoneId));
            words.AddRange(db.Confirmations.Select(c => c.Comment));
            await Task.CompletedTask;
            return (IReadOnlyList<string>)words.OfType<string>().Where(w => w.Trim().Length > 1).Select(w => w.Trim()).Distinct().OrderByDescending(w => w.Length).ToList();
        });
}
