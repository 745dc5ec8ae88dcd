using System.Text.Json;
using Allyship.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace Allyship.EndToEnd;

/// <summary>
/// The app on a phone's home screen (issue 41), as a phone-sized Chromium uses it: the manifest and the service worker
/// register; a coffee logged in a tunnel (offline) waits on the phone, says so, and arrives once when the connection
/// returns; signing out takes the account's pages off the phone.
/// </summary>
[Collection("Browser")]
public sealed class InstallableApp(BrowserHost host)
{
    [BrowserFact]
    public async Task The_manifest_names_the_app_this_week_and_the_three_log_forms()
    {
        var ui = new Ui(await (await host.NewContextAsync(Viewport.Phone)).NewPageAsync(), Input.Mouse, Viewport.Phone);
        await ui.GoAsync("/account/sign-in");
        var href = await ui.Page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        href.ShouldBe("/manifest.webmanifest");
        (await ui.Page.Locator("meta[name=theme-color]").GetAttributeAsync("content")).ShouldBe("#5a2a82");

        var response = await ui.Page.APIRequest.GetAsync(href!);
        response.Headers["content-type"].ShouldStartWith("application/manifest+json");
        using var manifest = JsonDocument.Parse(await response.TextAsync());
        var root = manifest.RootElement;
        root.GetProperty("start_url").GetString().ShouldBe("/"); // the home sends a mentor to This week
        root.GetProperty("display").GetString().ShouldBe("standalone");
        root.GetProperty("name").GetString().ShouldBe("Allyship");
        var icons = root.GetProperty("icons").EnumerateArray().Select(i => (i.GetProperty("sizes").GetString(), i.GetProperty("purpose").GetString())).ToList();
        icons.ShouldContain(("192x192", "any"));
        icons.ShouldContain(("512x512", "any"));
        icons.ShouldContain(("512x512", "maskable"));
        foreach (var icon in root.GetProperty("icons").EnumerateArray())
        {
            var image = await ui.Page.APIRequest.GetAsync(icon.GetProperty("src").GetString()!);
            image.Status.ShouldBe(200);
            image.Headers["content-type"].ShouldBe("image/png");
        }

        root.GetProperty("shortcuts").EnumerateArray().Select(s => s.GetProperty("url").GetString())
            .ShouldBe(["/log/coffee", "/log/shout-out", "/log/sponsor-note"]);
    }

    [BrowserFact]
    public async Task A_coffee_logged_offline_waits_on_the_phone_and_arrives_once_when_the_connection_returns()
    {
        var (context, page) = await MentorOnPhoneAsync("/week");

        // The service worker runs, and This week and the log forms are kept for this account.
        await page.WaitForFunctionAsync("""
            async () => {
              const names = (await caches.keys()).filter(n => n.startsWith('allyship-pages-'));
              if (names.length !== 1) return false;
              const kept = (await (await caches.open(names[0])).keys()).map(r => new URL(r.url).pathname);
              return ['/week', '/log/coffee'].every(p => kept.includes(p));
            }
            """, null, new() { Timeout = 15_000, PollingInterval = 200 });

        // In a tunnel: the form opens from the phone, and the coffee is kept with its own submission id.
        await context.SetOfflineAsync(true);
        await page.GotoAsync("/log/coffee");
        (await page.EvaluateAsync<bool>("() => navigator.onLine")).ShouldBeFalse();
        var form = page.Locator("form[data-offline-log]");
        await form.Locator(".chips label").First.ClickAsync();
        await form.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Log coffee" }).ClickAsync();
        await page.Locator("#offline-status", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Saved on this phone") }).WaitForAsync();
        (await page.Locator("#offline-status").TextContentAsync()).ShouldBe("Saved on this phone — will send when you're back online.");
        var account = await page.Locator("script[data-account]").GetAttributeAsync("data-account");
        var saved = await page.EvaluateAsync<JsonElement>(
            "async account => { const db = await new Promise(r => { const q = indexedDB.open('allyship'); q.onsuccess = () => r(q.result); }); " +
            "return await new Promise(r => { const q = db.transaction('outbox').objectStore('outbox').getAll(); q.onsuccess = () => r(q.result.find(e => e.account === account)); }); }",
            account);
        var submission = Guid.Parse(saved.GetProperty("submission").GetString()!);
        (await Count(submission)).ShouldBe(0, "nothing reached the server yet");

        // Back online: sent by itself, once.
        await context.SetOfflineAsync(false);
        await page.Locator("#offline-status", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Back online: the action") }).WaitForAsync(new() { Timeout = 15_000 });
        (await Count(submission)).ShouldBe(1);
        (await page.EvaluateAsync<int>("account => AllyshipOutbox.waiting(account)", account)).ShouldBe(0);
        // The same action sent again (a second tab's outbox, a sync firing late): the server logs it once.
        var again = await page.EvaluateAsync<JsonElement>("async ([account, json]) => { const entry = JSON.parse(json); delete entry.key; await AllyshipOutbox.add(entry); return AllyshipOutbox.send(account); }",
            new object[] { account!, saved.GetRawText() });
        again.GetProperty("sent").GetInt32().ShouldBe(1, "the server answers a repeat with This week too");
        (await Count(submission)).ShouldBe(1, "the server's submission-id rule: a replay logs once");

        // Signing out takes this account's pages off the phone.
        await page.GotoAsync("/week");
        await page.EvaluateAsync("() => document.querySelector('form.sign-out').requestSubmit()");
        await page.WaitForURLAsync(url => !url.Contains("/week", StringComparison.Ordinal));
        await page.WaitForFunctionAsync("async () => (await caches.keys()).every(n => !n.startsWith('allyship-pages-'))", null, new() { Timeout = 10_000 });
        await context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_coffee_posted_on_a_connection_that_drops_is_kept_and_arrives_once_and_a_refused_one_reopens_in_its_form()
    {
        var (context, page) = await MentorOnPhoneAsync("/log/coffee");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => !!navigator.serviceWorker.controller"); // now under the worker's control
        var account = await page.Locator("script[data-account]").GetAttributeAsync("data-account");

        // Online in name only: the post never reaches the app. The worker keeps it, and This week says so.
        host.App.DropLogPosts = true;
        Guid submission;
        try
        {
            var form = page.Locator("form[data-offline-log]");
            submission = Guid.Parse((await form.Locator("[name='Input.SubmissionId']").InputValueAsync())!);
            await form.Locator(".chips label").First.ClickAsync();
            await form.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Log coffee" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/week", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.Commit });
            await page.Locator("#offline-status", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Saved on this phone") }).WaitForAsync();
            (await Count(submission)).ShouldBe(0);
        }
        finally
        {
            host.App.DropLogPosts = false;
        }

        // The connection back, This week sends what waits (on its load, or now): once.
        await page.EvaluateAsync("account => AllyshipOutbox.send(account)", account);
        (await page.EvaluateAsync<int>("account => AllyshipOutbox.waiting(account)", account)).ShouldBe(0);
        (await Count(submission)).ShouldBe(1, "kept, then sent once");

        // A saved action the server refuses (its date is one the program does not take): opened in its form, with why.
        await page.GotoAsync("/log/coffee");
        await page.EvaluateAsync("""
            async account => {
              const form = document.querySelector('form[data-offline-log]');
              const data = new URLSearchParams(new FormData(form));
              data.set('Input.OccurredOn', '1999-01-01');
              data.set('Input.SubmissionId', crypto.randomUUID());
              await AllyshipOutbox.add({ url: form.action, body: data.toString(), account, savedAt: Date.now(), submission: data.get('Input.SubmissionId') });
              return AllyshipOutbox.send(account);
            }
            """, account);
        // Sent by this page or by the worker's Background Sync (whichever came first), and refused once.
        await page.WaitForFunctionAsync("account => AllyshipOutbox.refused(account).then(n => n === 1)", account, new() { PollingInterval = 200, Timeout = 10_000 });
        await page.ReloadAsync();
        var status = page.Locator("#offline-status");
        await status.Locator("button", new() { HasTextString = "Open it" }).ClickAsync();
        await page.Locator(".field-error, .alert-danger").First.WaitForAsync();
        (await page.EvaluateAsync<int>("account => AllyshipOutbox.refused(account)", account)).ShouldBe(0, "opened, it left the phone's outbox");
        await context.CloseAsync();
    }

    [BrowserFact]
    public async Task Notifications_are_asked_for_only_after_a_click_on_settings_and_a_failure_is_said()
    {
        var context = await host.NewContextAsync(Viewport.Phone);
        await context.GrantPermissionsAsync(["notifications"]);
        await context.AddInitScriptAsync("""
            window.__asked = 0;
            if (window.Notification) {
              const ask = Notification.requestPermission.bind(Notification);
              Notification.requestPermission = function () { window.__asked++; return ask(); };
            }
            """);
        var ui = new Ui(await context.NewPageAsync(), Input.Mouse, Viewport.Phone);
        var page = ui.Page;
        await ui.SignInAsync(DemoSeeder.MentorEmail, DemoSeeder.DemoPassword);
        await ui.GoAsync("/week");
        await ui.GoAsync("/preferences");
        var turnOn = page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Turn on notifications") });
        await turnOn.WaitForAsync();
        (await page.EvaluateAsync<int>("() => window.__asked")).ShouldBe(0, "never a question on a visit");
        (await page.Locator("#notifications .device-list").TextContentAsync())!.ShouldContain("Chrome on Android"); // the demo's phone

        await turnOn.ClickAsync();
        (await page.EvaluateAsync<int>("() => window.__asked")).ShouldBe(1);
        // This headless Chromium has no push service to subscribe with: the page says so, and nothing was posted.
        await page.Locator("#push-state", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^This browser couldn't turn notifications on") }).WaitForAsync();
        (await turnOn.IsEnabledAsync()).ShouldBeTrue("she can try again");
        await context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_push_message_shows_as_a_notification_and_one_for_another_account_shows_nothing_of_it()
    {
        var context = await host.NewContextAsync(Viewport.Phone);
        await context.GrantPermissionsAsync(["notifications"]);
        var ui = new Ui(await context.NewPageAsync(), Input.Mouse, Viewport.Phone);
        var page = ui.Page;
        await ui.SignInAsync(DemoSeeder.MentorEmail, DemoSeeder.DemoPassword);
        await ui.GoAsync("/week");
        (await page.EvaluateAsync<bool>("() => navigator.serviceWorker.ready.then(r => !!r.active)")).ShouldBeTrue();
        var account = await page.Locator("script[data-account]").GetAttributeAsync("data-account");
        await page.WaitForTimeoutAsync(300); // the page has told the worker who is signed in

        // DevTools' "Push" button: the browser hands the worker a message as if its push service had delivered it.
        var cdp = await context.NewCDPSessionAsync(page);
        var registration = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, update) =>
        {
            foreach (var r in update!.Value.GetProperty("registrations").EnumerateArray())
            {
                if (r.GetProperty("scopeURL").GetString() == host.BaseUrl + "/" && !r.GetProperty("isDeleted").GetBoolean())
                {
                    registration.TrySetResult(r.GetProperty("registrationId").GetString()!);
                }
            }
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var id = await registration.Task.WaitAsync(TimeSpan.FromSeconds(10));
        async Task PushAsync(object message) => await cdp.SendAsync("ServiceWorker.deliverPushMessage", new()
        {
            ["origin"] = host.BaseUrl, ["registrationId"] = id, ["data"] = JsonSerializer.Serialize(message),
        });
        const string shown = "async () => (await (await navigator.serviceWorker.ready).getNotifications()).map(n => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url }))";

        await PushAsync(new { title = "This week: a shout-out to go", body = "30 of 36 minutes so far in Demo pledge.", url = "/week", tag = "t1", account });
        await page.WaitForFunctionAsync("async () => (await (await navigator.serviceWorker.ready).getNotifications()).length === 1");
        var first = (await page.EvaluateAsync<JsonElement>(shown)).EnumerateArray().Single();
        (first.GetProperty("title").GetString(), first.GetProperty("body").GetString(), first.GetProperty("url").GetString())
            .ShouldBe(("This week: a shout-out to go", "30 of 36 minutes so far in Demo pledge.", "/week"));

        // The same notification again (a retry after no answer): it replaces the first, it does not add one. And one for an
        // account that turned notifications on in this browser before this one signed in: nothing of it shows. The browser
        // lists a replaced notification beside its replacement for a moment, so the test waits for the end state (one
        // "t1", and a bare "Allyship" for the other account's) and checks that it lasts, rather than counting.
        await PushAsync(new { title = "This week: a shout-out to go", body = "30 of 36 minutes so far in Demo pledge.", url = "/week", tag = "t1", account });
        await PushAsync(new { title = "Last call: a coffee to go", body = "Someone else's week", url = "/week", tag = "t2", account = "another-account-key" });
        const string settled = """
            async () => {
              const all = await (await navigator.serviceWorker.ready).getNotifications();
              return all.length === 2 && all.filter(n => n.tag === 't1').length === 1 && all.some(n => n.tag === 'another-account');
            }
            """;
        await page.WaitForFunctionAsync(settled);
        await page.WaitForTimeoutAsync(1000);
        (await page.EvaluateAsync<bool>(settled)).ShouldBeTrue("a retry replaces its notification; it never adds one");
        var all = (await page.EvaluateAsync<JsonElement>(shown)).EnumerateArray().ToList();
        all.ShouldNotContain(n => n.GetProperty("title").GetString() == "Last call: a coffee to go");
        all.ShouldNotContain(n => n.GetProperty("body").GetString() == "Someone else's week");
        all.ShouldContain(n => n.GetProperty("title").GetString() == "Allyship" && n.GetProperty("body").GetString() == "");
        await context.CloseAsync();
    }

    /// <summary>The demo mentor signed in on a phone-sized Chromium, at <paramref name="path"/>, with the service worker running.</summary>
    private async Task<(Microsoft.Playwright.IBrowserContext Context, Microsoft.Playwright.IPage Page)> MentorOnPhoneAsync(string path)
    {
        var context = await host.NewContextAsync(Viewport.Phone);
        var ui = new Ui(await context.NewPageAsync(), Input.Mouse, Viewport.Phone);
        await ui.SignInAsync(DemoSeeder.MentorEmail, DemoSeeder.DemoPassword);
        await ui.GoAsync(path);
        (await ui.Page.EvaluateAsync<bool>("() => navigator.serviceWorker.ready.then(r => !!r.active)")).ShouldBeTrue();
        return (context, ui.Page);
    }

    private Task<int> Count(Guid submission) =>
        host.App.WithDbAsync(db => db.Actions.CountAsync(a => a.SubmissionId == submission));
}
