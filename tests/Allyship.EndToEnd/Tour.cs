using Allyship.Web.Features.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allyship.EndToEnd;

/// <summary>
/// Every page of every role, opened in Chromium at both sizes and checked with axe-core; the error pages too. Then the
/// README's screenshots, taken from the demo data.
/// </summary>
[Collection("Browser")]
public sealed class Tour(BrowserHost host)
{
    public static TheoryData<Viewport> Sizes() => new() { Viewport.Phone, Viewport.Desktop };

    /// <summary>Every page is also checked at 320 px, the narrowest phone still in use (no sideways scrolling, no word broken).</summary>
    public static TheoryData<Viewport> AllSizes() => new() { Viewport.SmallPhone, Viewport.Phone, Viewport.Desktop };

    private async Task<Ui> SignedInAsync(Viewport viewport, string email)
    {
        var context = await host.NewContextAsync(viewport);
        var ui = new Ui(await context.NewPageAsync(), Input.Mouse, viewport);
        await ui.SignInAsync(email, DemoSeeder.DemoPassword);
        return ui;
    }

    [BrowserTheory]
    [MemberData(nameof(AllSizes))]
    public async Task The_menu_is_one_row_for_every_role_and_More_works_from_the_keyboard(Viewport viewport)
    {
        foreach (var email in new[] { DemoSeeder.MentorEmail, DemoSeeder.AdminEmail, DemoSeeder.HrEmail })
        {
            var ui = await SignedInAsync(viewport, email);
            // One row of tabs (at the bottom of a phone), and a header of one row: no wrapped menu eating the first screen.
            var rows = await ui.Page.EvaluateAsync<int>("() => new Set([...document.querySelectorAll('.app-tabs > li')].map(li => Math.round(li.getBoundingClientRect().top))).size");
            rows.ShouldBe(1, $"{email} at {viewport}");
            var (header, bar) = (await ui.Page.EvaluateAsync<double>("() => document.querySelector('.site-header').getBoundingClientRect().height"),
                await ui.Page.EvaluateAsync<double>("() => document.querySelector('#app-nav').getBoundingClientRect().height"));
            header.ShouldBeLessThanOrEqualTo(72, $"{email} at {viewport}: the header is one row");
            bar.ShouldBeLessThanOrEqualTo(64, $"{email} at {viewport}: the tabs are one row");
            (await ui.Page.Locator(".app-tabs > li").CountAsync()).ShouldBeLessThanOrEqualTo(Allyship.Web.Features.Shared.NavMenu.MaxTabs + 1);

            // More is a disclosure: Tab to it, Enter opens it (Sign out is in it), Escape closes it and focus stays on it.
            var more = ui.Locate("#more-menu > summary");
            await ui.TabToAsync(more);
            await ui.Page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
            await ui.Page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(ui.Locate("#more-menu")).Not.ToHaveAttributeAsync("open", "");
            (await more.EvaluateAsync<bool>("e => e === document.activeElement")).ShouldBeTrue();
        }
    }

    [BrowserTheory]
    [MemberData(nameof(AllSizes))]
    public async Task Every_page_passes_axe_for_every_role(Viewport viewport)
    {
        var programId = await host.App.WithDbAsync(db => Task.FromResult(db.Programs.OrderBy(p => p.Id).Select(p => p.Id).First()));
        var actionId = await host.App.WithDbAsync(db => Task.FromResult(db.Actions.OrderBy(a => a.Id).Select(a => a.Id).First()));
        var mentorId = await host.App.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.Email == DemoSeeder.MentorEmail).Select(u => u.Id).First()));

        var mentor = await SignedInAsync(viewport, DemoSeeder.MentorEmail);
        var supported = await host.App.WithDbAsync(db => Task.FromResult(db.Actions.Where(a => a.MentorId == mentorId)
            .OrderByDescending(a => a.OccurredOn).Select(a => new { a.ColleagueId, a.ProgramId }).First()));
        var planId = await host.App.WithDbAsync(db => Task.FromResult(db.PlannedCoffees.Where(p => p.MentorId == mentorId).OrderBy(p => p.Id).Select(p => p.Id).First()));
        foreach (var url in new[]
        {
            "/week", "/history", "/colleagues", $"/colleagues/{supported.ColleagueId}?program={supported.ProgramId}", "/preferences", "/account",
            "/account/two-factor", "/log/coffee", "/log/shout-out", $"/actions/{actionId}", "/guide", "/welcome", "/self-check",
            "/coffee/plan", $"/coffee/plan/{planId}",
        })
        {
            await mentor.GoAsync(url);
        }

        await mentor.GoAsync("/admin", status: 403);
        await mentor.GoAsync("/no-such-page", status: 404);

        var admin = await SignedInAsync(viewport, DemoSeeder.AdminEmail);
        foreach (var url in new[]
        {
            "/admin", $"/admin/programs/{programId}", $"/admin/programs/{programId}?period=quarter", $"/admin/programs/{programId}/mentors",
            $"/admin/programs/{programId}/edit", "/admin/programs/new", "/admin/invitations", "/admin/colleagues", "/admin/colleagues/import",
            "/admin/audit", "/admin/emails", "/admin/users", $"/admin/users/{mentorId}", "/admin/emails/preview/weekly-summary",
        })
        {
            await admin.GoAsync(url);
        }

        var concernId = await host.App.WithDbAsync(db => Task.FromResult(db.Concerns.OrderBy(c => c.Id).Select(c => c.Id).First()));
        await admin.GoAsync("/concerns");
        await admin.GoAsync($"/concerns/{concernId}");

        var hr = await SignedInAsync(viewport, DemoSeeder.HrEmail);
        foreach (var url in new[] { "/reports", "/reports?quarter=FY2026-Q3&program=all", "/reports?quarter=FY2027-Q1&program=all", "/reports/downloads", "/reports/outcomes", "/concerns" })
        {
            await hr.GoAsync(url);
        }

        var visitor = new Ui(await (await host.NewContextAsync(viewport)).NewPageAsync(), Input.Mouse, viewport);
        await visitor.GoAsync("/account/sign-in");
        await visitor.GoAsync("/account/forgot-password");
        await visitor.GoAsync("/account/sign-in/two-factor");
        await visitor.GoAsync("/invite/not-a-real-token", status: 410);
        await visitor.GoAsync("/unsubscribe?token=not-a-real-token", status: 400);

        // The colleague's pages, from a signed link as in her email: no account.
        var asked = await host.App.WithDbAsync(db => Task.FromResult(db.Confirmations.OrderBy(c => c.ActionId).Select(c => new { c.ColleagueId, c.Action.WeekStart }).First()));
        var tokens = host.App.Services.GetRequiredService<Allyship.Web.Features.Shared.VoiceTokens>();
        var confirm = tokens.Create(Allyship.Web.Features.Shared.VoicePurpose.Confirm, asked.ColleagueId, asked.WeekStart);
        var pulse = tokens.Create(Allyship.Web.Features.Shared.VoicePurpose.Pulse, asked.ColleagueId, new DateOnly(2026, 7, 1));
        // Her coffee invitation's answer page, for the demo coffee she suggested another time for.
        var coffee = await host.App.WithDbAsync(db => Task.FromResult(db.PlannedCoffees.Single(p => p.Uid == "demo-coffee-2@allyship")));
        var coffeeDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(coffee.StartsUtc, TimeZoneInfo.FindSystemTimeZoneById(coffee.TimeZoneId)));
        var answer = tokens.Create(Allyship.Web.Features.Shared.VoicePurpose.CoffeeInvite, coffee.ColleagueId, coffeeDay);
        foreach (var url in new[] { $"/confirm/{confirm}", $"/colleague/choices/{confirm}", $"/colleague/concern/{confirm}", $"/colleague/stop/{confirm}", $"/pulse/{pulse}",
            $"/colleague/coffee/{answer}" })
        {
            await visitor.GoAsync(url);
        }

        await visitor.GoAsync("/confirm/not-a-real-token", status: 400);
        await visitor.GoAsync("/error/500", status: 500);
        (await visitor.Locate("h1").InnerTextAsync()).ShouldBe("Something went wrong on our side");

        foreach (var ui in new[] { mentor, admin, hr, visitor })
        {
            ui.ShouldBeAccessible();
        }
    }

    [BrowserFact]
    public async Task The_summary_for_leadership_prints_on_two_A4_pages()
    {
        var hr = await SignedInAsync(Viewport.Desktop, DemoSeeder.HrEmail);
        await hr.GoAsync("/reports?quarter=FY2026-Q3&program=all");
        await hr.FollowAsync(hr.Locate("#print-summary"));
        (await hr.Locate("h1").InnerTextAsync()).ShouldEndWith("summary");
        foreach (var part in new[] { "#summary", "#voice-summary", "#levels-table", "#report-spread", "#outcomes-table" })
        {
            await Assertions.Expect(hr.Locate(part)).ToBeVisibleAsync();
        }

        await Assertions.Expect(hr.Locate("#trend-table")).ToBeHiddenAsync();
        var pdf = await hr.Page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        var pages = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?!s)");
        pages.ShouldBeInRange(1, 2, "the summary for leadership fits two A4 pages");
    }

    [BrowserTheory]
    [MemberData(nameof(Sizes))]
    public async Task Screenshots_of_the_key_pages(Viewport viewport)
    {
        var mentor = await SignedInAsync(viewport, DemoSeeder.MentorEmail);
        if ((await mentor.Locate("#minutes-done").InnerTextAsync()).StartsWith("0 of", StringComparison.Ordinal))
        {
            // Monday's coffee and Tuesday's shout-out: the ring part-way round, one action still to do.
            foreach (var (slug, button) in new[] { ("coffee", "Log coffee"), ("shout-out", "Log shout-out") })
            {
                var card = mentor.Locate($"section[aria-labelledby=log-{slug}]");
                await mentor.OpenAsync(card.Locator("summary").First);
                await card.Locator("select[name='Input.ColleagueId']").SelectOptionAsync(new SelectOptionValue { Index = 2 });
                await mentor.FollowAsync(card.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }));
            }
        }

        var started = DateTime.UtcNow.AddSeconds(-1);
        var shots = new Dictionary<string, byte[]>();
        (await mentor.Locate("#minutes-done").InnerTextAsync()).ShouldMatch(@"^\d+ of 36 minutes");
        shots["week"] = await mentor.ScreenshotAsync("week");
        await mentor.GoAsync("/history");
        (await mentor.Page.Locator("table tbody tr").CountAsync()).ShouldBeGreaterThan(20, "half a year of demo weeks");
        if (viewport == Viewport.Phone)
        {
            // Half a year of weeks on a phone: a row each, two screen heights at most (issue 35: it was 6,460 px).
            var height = await mentor.Page.EvaluateAsync<int>("document.documentElement.scrollHeight");
            height.ShouldBeLessThanOrEqualTo(2 * mentor.Page.ViewportSize!.Height);
            await Assertions.Expect(mentor.Locate(".history-compact")).ToBeVisibleAsync();
        }
        shots["history"] = await mentor.ScreenshotAsync("history");

        var admin = await SignedInAsync(viewport, DemoSeeder.AdminEmail);
        await admin.FollowAsync(admin.Page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).First);
        // What needs the admin opens the dashboard; on a phone it and the headline numbers fit in two screen heights (issue 36).
        (await admin.Page.Locator("main section").First.GetAttributeAsync("id")).ShouldBe("attention");
        if (viewport == Viewport.Phone)
        {
            var headlineEnds = await admin.Page.EvaluateAsync<double>("document.querySelector('#headline').getBoundingClientRect().bottom + window.scrollY");
            headlineEnds.ShouldBeLessThanOrEqualTo(2 * admin.Page.ViewportSize!.Height);
        }

        foreach (var chart in new[] { "#spread-chart", "#gap-chart", "#completion-chart" })
        {
            if (await admin.Locate(chart).CountAsync() > 0)
            {
                await admin.Locate(chart).ScrollIntoViewIfNeededAsync(); // charts are drawn as they come into view
            }
        }

        await admin.Page.WaitForFunctionAsync("() => window.Chart && Chart.getChart('completion-chart') && Chart.getChart('spread-chart')");
        await admin.Page.WaitForTimeoutAsync(600); // the chart's entry animation
        shots["dashboard"] = await admin.ScreenshotAsync("dashboard");

        var hr = await SignedInAsync(viewport, DemoSeeder.HrEmail);
        await hr.GoAsync("/reports?quarter=FY2026-Q3&program=all");
        (await hr.Page.Locator("main table").CountAsync()).ShouldBeGreaterThan(0, "the report preview has its tables");
        shots["quarterly-report"] = await hr.ScreenshotAsync("quarterly-report");

        // Each picture was taken now, at this viewport's width, of a whole page (not the committed file from an earlier run).
        foreach (var (name, png) in shots)
        {
            png.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, name);
            var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
            var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
            var scale = viewport.IsPhone ? 2 : 1; // the phone context draws at device scale 2
            width.ShouldBe(viewport.Width * scale, name);
            height.ShouldBeGreaterThanOrEqualTo(viewport.Height * scale / 2, name);
            var file = new FileInfo(Path.Combine(Screenshots.Folder, $"{name}-{viewport.Name}.png"));
            (file.LastWriteTimeUtc >= started && file.Length == png.Length).ShouldBeTrue($"{file.Name} was written by this run");
        }
    }
}
