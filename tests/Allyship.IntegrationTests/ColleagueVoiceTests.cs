using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Voice;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// The colleague's voice over HTTP with the fake clock and the SMTP server: one confirmation email per colleague per
/// week across mentors and programs, the signed-link pages (tampered, expired, another colleague's), answers saved
/// once, consent, concerns. Each test has its own app and database.
/// </summary>
public sealed partial class ColleagueVoiceTests(ITestOutputHelper output)
{
    private static readonly DateOnly Week = new(2026, 11, 16);

    private sealed record Scenario(
        AppFixture App, PledgeProgram London, PledgeProgram NewYork, PledgeProgram Silent, TestUser Morgan, TestUser Sam, TestUser Quinn,
        Colleague Amara, Colleague Bea, Colleague Cara, PledgeAction Coffee, PledgeAction ShoutOut, PledgeAction SponsorNote);

    /// <summary>
    /// The week of 16 November 2026. Morgan (London program) has coffee with Amara and gives Bea a shout-out; Sam (in the
    /// London and New York programs) gives Amara a shout-out in London and a sponsor note in New York; Quinn, in a
    /// program that does not ask colleagues, has coffee with Bea. Cara stopped the program's emails; Morgan gave her a shout-out.
    /// </summary>
    private async Task<Scenario> ScenarioAsync()
    {
        var app = new AppFixture();
        app.LogTo(output);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero));
        var data = new TestData(app);
        var start = new DateOnly(2026, 11, 2);
        var london = await data.ProgramAsync(start: start, configure: p => p.AskColleaguesToConfirm = true);
        var newYork = await data.ProgramAsync("America/New_York", start, p => p.AskColleaguesToConfirm = true);
        var silent = await data.ProgramAsync(start: start);
        var morgan = await data.MentorAsync(london);
        var sam = await data.MentorAsync(london, newYork);
        var quinn = await data.MentorAsync(silent);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var bea = await data.ColleagueAsync("Bea Santos");
        var cara = await data.ColleagueAsync("Cara Lind");
        await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == cara.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.EmailsStopped, true)));

        var coffee = await data.ActionAsync(morgan, london, amara, ActionKind.Coffee, new DateOnly(2026, 11, 17), privateNotes: "SECRET-NOTE wants the platform team");
        await app.WithDbAsync(db => db.Actions.Where(a => a.Id == coffee.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Topics, "Her promotion case")));
        var shoutOut = await data.ActionAsync(sam, london, amara, ActionKind.ShoutOut, new DateOnly(2026, 11, 18));
        await app.WithDbAsync(db => db.Actions.Where(a => a.Id == shoutOut.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Achievement, "Shipped billing").SetProperty(a => a.WhereGiven, "All-hands")));
        var note = await data.ActionAsync(sam, newYork, amara, ActionKind.SponsorNote, new DateOnly(2026, 11, 19));
        await app.WithDbAsync(db => db.Actions.Where(a => a.Id == note.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SeniorLeader, "the CTO").SetProperty(a => a.Accomplishment, "Shipped billing")));
        await data.ActionAsync(morgan, london, bea, ActionKind.ShoutOut, new DateOnly(2026, 11, 18));
        await data.ActionAsync(quinn, silent, bea, ActionKind.Coffee, new DateOnly(2026, 11, 18));
        await data.ActionAsync(morgan, london, cara, ActionKind.ShoutOut, new DateOnly(2026, 11, 19));
        return new Scenario(app, london, newYork, silent, morgan, sam, quinn, amara, bea, cara, coffee, shoutOut, note);
    }

    /// <summary>Monday 23 November, 05:30 UTC: the week has ended in London and in New York.</summary>
    private static async Task<ConfirmationJob.Result> AskAsync(AppFixture app)
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 5, 30, 0, TimeSpan.Zero));
        return await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(job => job.RunAsync());
    }

    private static async Task<string> TokenOfAsync(AppFixture app, Colleague colleague) =>
        await app.WithDbAsync(async db =>
        {
            var body = await db.Emails.Where(e => e.Kind == EmailKind.Confirmation && e.ToAddress == colleague.Email).Select(e => e.TextBody).SingleAsync();
            return ConfirmLink().Match(body).Groups[1].Value;
        });

    [GeneratedRegex(@"/confirm/([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmLink();

    [Fact]
    public async Task Each_colleague_gets_one_email_for_the_week_with_every_mentors_actions_across_programs()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;

        // Monday 00:30 UTC: the week is over in London but not yet in New York, so nobody is asked about it yet.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero));
        (await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(job => job.RunAsync())).Week.ShouldBe(new DateOnly(2026, 11, 9));
        (await app.WithDbAsync(db => db.Confirmations.CountAsync())).ShouldBe(0);

        var result = await AskAsync(app);
        (result.Week, result.Colleagues, result.Actions).ShouldBe((Week, 2, 4)); // Amara (3 actions), Bea (1: the silent program's is not asked)
        (await AskAsync(app)).Actions.ShouldBe(0); // a second run asks nothing
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());

        var amara = app.Smtp.To(s.Amara.Email).ShouldHaveSingleItem();
        var text = amara.TextBody!;
        text.ShouldContain("Coffee with " + s.Morgan.Email);
        text.ShouldContain("Talked about: Her promotion case");
        text.ShouldContain("For: Shipped billing · Where: All-hands");
        text.ShouldContain("Told the CTO · about: Shipped billing");
        text.ShouldNotContain("SECRET-NOTE");
        amara.HtmlBody!.ShouldNotContain("SECRET-NOTE");
        amara.Headers["List-Unsubscribe"]!.ShouldContain("/colleague/stop/");
        amara.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        app.Smtp.To(s.Bea.Email).ShouldHaveSingleItem().TextBody!.ShouldContain("Shout-out from " + s.Morgan.Email);
        app.Smtp.To(s.Cara.Email).ShouldBeEmpty(); // she stopped the program's emails
    }

    [Fact]
    public async Task The_confirmation_page_refuses_crafted_tampered_and_other_colleagues_links_and_an_expired_one_and_saves_answers_once()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        await AskAsync(app);
        var token = await TokenOfAsync(app, s.Amara);
        var beaToken = await TokenOfAsync(app, s.Bea);
        var colleague = new Browser(app.NewClient());

        var page = await colleague.GetPageAsync($"/confirm/{token}");
        page.QuerySelectorAll("fieldset.confirm-item").Length.ShouldBe(3);
        page.Body!.TextContent.ShouldNotContain("SECRET-NOTE");

        // Her pages are hers: no app menu, no sign-in (she has no account); the control, the app's own sign-in link elsewhere.
        foreach (var hers in new[] { page, await colleague.GetPageAsync($"/colleague/choices/{token}"), await colleague.GetPageAsync($"/colleague/concern/{token}") })
        {
            hers.QuerySelector("header a[href='/account/sign-in']").ShouldBeNull();
            hers.QuerySelector("#app-nav").ShouldBeNull();
            hers.QuerySelector("header a[href='/']").ShouldBeNull();
        }

        (await colleague.GetPageAsync("/account/forgot-password")).QuerySelector("header a[href='/account/sign-in']").ShouldNotBeNull();

        // Greeted by her first name, as her emails greet her.
        page.QuerySelector("h1")!.TextContent.Trim().ShouldBe($"Hi {s.Amara.Name.Split(' ')[0]}");

        // What she ticks and types on the page (the coffee, the shout-out and the sponsor note, in that order).
        var fill = new Dictionary<string, string?>
        {
            ["Answers[0].Answer"] = "happened", ["Answers[0].Usefulness"] = "5", ["Answers[0].Comment"] = "It changed my plans.", ["Answers[0].Share"] = "true",
            ["Answers[1].Answer"] = "didnt", ["Answers[1].Comment"] = "Private thought",
        };
        var answers = new Dictionary<string, string?>(fill)
        {
            ["Answers[0].ActionId"] = s.Coffee.Id.ToString(), ["Answers[1].ActionId"] = s.ShoutOut.Id.ToString(), ["Answers[2].ActionId"] = s.SponsorNote.Id.ToString(),
        };

        // Crafted: a changed character in her link, and her answers sent to another colleague's link, change nothing.
        var tampered = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];
        (await colleague.Client.GetAsync(new Uri($"/confirm/{tampered}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await colleague.PostCraftedAsync($"/confirm/{tampered}", answers, tokenFrom: $"/confirm/{token}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await colleague.PostCraftedAsync($"/confirm/{beaToken}", answers, tokenFrom: $"/confirm/{beaToken}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await colleague.Client.GetAsync(new Uri($"/colleague/choices/{tampered}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.Confirmations.CountAsync(c => c.Answer != null))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.Id == s.Coffee.Id))).ShouldBe(1);

        // Answered (twice: the same answers are saved once), then changed within the 30 days.
        for (var i = 0; i < 2; i++)
        {
            var saved = await colleague.SubmitAsync(page, $"/confirm/{token}", "Save my answers", fill);
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var rows = await app.WithDbAsync(db => db.Confirmations.AsNoTracking().Where(c => c.ColleagueId == s.Amara.Id).OrderBy(c => c.ActionId).ToListAsync());
        rows.Count.ShouldBe(3);
        rows.Select(r => (r.Answer, r.Usefulness, r.CommentShared)).ShouldBe(
            [(ConfirmationAnswer.Happened, 5, true), (ConfirmationAnswer.DidNotHappen, (int?)null, false), ((ConfirmationAnswer?)null, (int?)null, false)]);
        // Saved, her page ends in a thank-you with what she told us, and Change my answers opens the form as she left it.
        var thanks = await colleague.GetPageAsync($"/confirm/{token}");
        thanks.QuerySelector("#answers-summary h2")!.TextContent.ShouldBe("Thanks — here's what you told us");
        thanks.QuerySelector($"#said-{s.Coffee.Id}")!.TextContent.ShouldContain("it happened, useful 5 of 5");
        thanks.QuerySelector("form[method=post]").ShouldBeNull("the summary, not the same form again");
        var change = thanks.QuerySelector("#change-answers")!.GetAttribute("href")!;
        (await colleague.GetPageAsync(change)).QuerySelector($"#a{s.Coffee.Id}-yes")!.HasAttribute("checked").ShouldBeTrue();

        // The mentors see what she said, and only the comment she shared.
        var morgan = await Browser.SignedInAsync(app, s.Morgan);
        var morganWeek = (await morgan.GetPageAsync($"/week?program={s.London.Id}&week=2026-11-16")).Body!.TextContent;
        morganWeek.ShouldContain("Confirmed");
        morganWeek.ShouldContain("It changed my plans.");
        (await morgan.GetPageAsync($"/actions/{s.Coffee.Id}")).QuerySelector("#confirmation-state")!.TextContent.ShouldContain("Confirmed");
        (await morgan.GetPageAsync($"/history?program={s.London.Id}")).Body!.TextContent.ShouldContain("1 confirmed");
        var sam = await Browser.SignedInAsync(app, s.Sam);
        var samLondon = (await sam.GetPageAsync($"/week?program={s.London.Id}&week=2026-11-16")).Body!.TextContent;
        samLondon.ShouldContain("She didn't recognise this");
        samLondon.ShouldNotContain("Private thought");
        (await sam.GetPageAsync($"/week?program={s.NewYork.Id}&week=2026-11-16")).Body!.TextContent.ShouldContain("Not confirmed yet");

        // 31 days later the link has expired: 410, and a page left open since then changes nothing either.
        var leftOpen = await colleague.GetPageAsync($"/confirm/{token}");
        app.Clock.Advance(TimeSpan.FromDays(31));
        (await colleague.Client.GetAsync(new Uri($"/confirm/{token}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Gone);
        fill["Answers[1].Answer"] = "happened";
        (await colleague.SubmitAsync(leftOpen, $"/confirm/{token}", "Save my answers", fill)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await app.WithDbAsync(db => db.Confirmations.CountAsync(c => c.Answer == ConfirmationAnswer.DidNotHappen))).ShouldBe(1);
    }

    [Fact]
    public async Task Her_choices_stop_emails_and_take_her_name_out_of_pickers_even_a_crafted_pick_reports_and_other_pages()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        await AskAsync(app);
        var token = await TokenOfAsync(app, s.Amara);
        var colleague = new Browser(app.NewClient());
        (await colleague.SubmitAsync($"/colleague/choices/{token}", "Save my choices", new() { ["StopEmails"] = "true", ["NotNamed"] = "true" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // Saved, she reads what she chose and how to change it, not the same form again.
        var saved = await colleague.GetPageAsync($"/colleague/choices/{token}");
        saved.QuerySelector("#said-emails")!.TextContent.ShouldContain("won't email");
        saved.QuerySelector("#said-name")!.TextContent.ShouldContain("can't choose you");
        saved.QuerySelector("form[method=post]").ShouldBeNull();
        (await colleague.GetPageAsync(saved.QuerySelector("#change-choices")!.GetAttribute("href")!)).QuerySelector("#not-named")!.HasAttribute("checked").ShouldBeTrue();

        // One-click unsubscribe (RFC 8058) from Bea's mail program: no form, no antiforgery token.
        var beaToken = await TokenOfAsync(app, s.Bea);
        (await colleague.OneClickUnsubscribeAsync($"/colleague/stop/{beaToken}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var choices = await app.WithDbAsync(db => db.Colleagues.AsNoTracking().Where(c => c.Id == s.Amara.Id || c.Id == s.Bea.Id)
            .OrderBy(c => c.Id).Select(c => new { c.EmailsStopped, c.NotNamed }).ToListAsync());
        choices.Select(c => (c.EmailsStopped, c.NotNamed)).ShouldBe([(true, true), (true, false)]);

        // An import of the directory never overrides her choice.
        var admin = await Browser.SignedInAsync(app, await new TestData(app).UserAsync(Roles.ProgramAdmin));
        var csv = System.Text.Encoding.UTF8.GetBytes($"name,email,department\nAmara Okafor,{s.Amara.Email},Research\n");
        var preview = await Browser.ParseAsync(await admin.SubmitAsync("/admin/colleagues/import", "Preview", files: new() { ["Upload"] = new("directory.csv", csv) }));
        (await admin.SubmitAsync(preview, "/admin/colleagues/import", "Import", within: "form[action*='handler=Import']")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == s.Amara.Id).Select(c => c.Department).SingleAsync())).ShouldBe("Research");
        (await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == s.Amara.Id).Select(c => c.NotNamed && c.EmailsStopped).SingleAsync())).ShouldBeTrue();
        (await admin.GetPageAsync("/admin/colleagues")).Body!.TextContent.ShouldContain("No emails · not named");

        // The next week's actions about her ask nothing of her; the same run asks Dee, who chose nothing (the control).
        var next = await new TestData(app).ActionAsync(s.Morgan, s.London, s.Amara, ActionKind.Coffee, new DateOnly(2026, 11, 24));
        await new TestData(app).ActionAsync(s.Morgan, s.London, await new TestData(app).ColleagueAsync("Dee Control"), ActionKind.Coffee, new DateOnly(2026, 11, 24));
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero));
        (await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(job => job.RunAsync())).Actions.ShouldBe(1);
        (await app.WithDbAsync(db => db.Confirmations.AnyAsync(c => c.ActionId == next.Id))).ShouldBeFalse();

        // Mentors can no longer pick her: the picker leaves her out, a crafted pick is refused, and so is typing her email.
        var quinn = await Browser.SignedInAsync(app, s.Quinn);
        (await quinn.GetPageAsync("/week")).QuerySelectorAll("option").Select(o => o.TextContent).ShouldNotContain(t => t.Contains("Amara"));
        var morgan = await Browser.SignedInAsync(app, s.Morgan);
        (await morgan.GetPageAsync($"/week?program={s.London.Id}")).QuerySelectorAll("option").Select(o => o.TextContent).ShouldNotContain(t => t.Contains("Amara"));
        var week = $"/week?program={s.London.Id}";
        var picked = await morgan.PostCraftedAsync("/log", new()
        {
            ["Input.ProgramId"] = s.London.Id.ToString(), ["Input.Kind"] = "Coffee", ["Input.OccurredOn"] = "2026-11-30", ["Input.ColleagueId"] = s.Amara.Id.ToString(),
        }, tokenFrom: week);
        picked.StatusCode.ShouldBe(HttpStatusCode.OK); // the form again, with the sentence
        (await picked.Content.ReadAsStringAsync()).ShouldContain("not in the directory");
        var typed = await morgan.SubmitAsync(week, "Log coffee", new()
        {
            ["Input.OccurredOn"] = "2026-11-30", ["Input.ColleagueId"] = "", ["Input.NewColleagueName"] = "Amara", ["Input.NewColleagueEmail"] = s.Amara.Email.ToUpperInvariant(),
        });
        typed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await typed.Content.ReadAsStringAsync()).ShouldContain("asked not to be named");

        // Morgan logged the coffee, so he still sees her name; HR's report shows "a colleague".
        (await morgan.GetPageAsync($"/week?program={s.London.Id}&week=2026-11-16")).Body!.TextContent.ShouldContain("Amara Okafor");
        var hr = await Browser.SignedInAsync(app, await new TestData(app).UserAsync(Roles.HR));
        var sheet = await hr.Client.GetStringAsync(new Uri("/reports/download?quarter=FY2026-Q4&program=all&format=csv&sheet=colleagues", UriKind.Relative));
        sheet.ShouldNotContain("Amara");
        sheet.ShouldContain("a colleague");
        var adminNow = await Browser.SignedInAsync(app, await new TestData(app).UserAsync(Roles.ProgramAdmin)); // a week on: a new session
        (await adminNow.GetPageAsync($"/admin/programs/{s.London.Id}")).Body!.TextContent.ShouldNotContain("Amara");
    }

    [Fact]
    public async Task A_concern_reaches_the_program_team_by_email_and_on_the_concerns_page_never_the_mentor()
    {
        var s = await ScenarioAsync();
        await using var app = s.App;
        var data = new TestData(app);
        var admin = await data.UserAsync(Roles.ProgramAdmin);
        var hrUser = await data.UserAsync(Roles.HR);
        await AskAsync(app);
        var token = await TokenOfAsync(app, s.Bea);
        var colleague = new Browser(app.NewClient());
        const string message = "The coffee felt like an interview about my personal life.";

        (await colleague.SubmitAsync($"/colleague/concern/{token}", "Send to the program team", new() { ["Message"] = "   " })).StatusCode
            .ShouldBe(HttpStatusCode.BadRequest);
        (await colleague.SubmitAsync($"/colleague/concern/{token}", "Send to the program team", new() { ["Message"] = message, ["Anonymous"] = "true" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stored = await app.WithDbAsync(db => db.Concerns.AsNoTracking().SingleAsync());
        stored.ColleagueId.ShouldBeNull();

        // After sending she gets a reference and what happens next (anonymous: the team can't email her; the reply comes to this page), not the empty form.
        var sent = await colleague.GetPageAsync($"/colleague/concern/{token}");
        sent.QuerySelector("#concern-reference")!.TextContent.ShouldBe(Concern.ReferenceOf(stored.Id));
        sent.QuerySelector("#concern-next")!.TextContent.ShouldContain("can't email you");
        sent.QuerySelector("#concern-next")!.TextContent.ShouldContain("Their reply appears on this page");
        sent.QuerySelector("textarea").ShouldBeNull();
        stored.Message.ShouldNotContain("interview"); // encrypted at rest

        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        foreach (var person in new[] { admin, hrUser })
        {
            var mail = app.Smtp.To(person.Email).ShouldHaveSingleItem();
            mail.Subject.ShouldBe("A colleague raised a concern");
            mail.TextBody!.ShouldNotContain("interview"); // the message stays out of email
        }

        app.Smtp.To(s.Morgan.Email).ShouldBeEmpty();
        var morgan = await Browser.SignedInAsync(app, s.Morgan);
        (await morgan.Client.GetAsync(new Uri("/concerns", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await morgan.Client.GetAsync(new Uri($"/concerns/{stored.Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var hr = await Browser.SignedInAsync(app, hrUser);
        (await hr.GetPageAsync("/concerns")).QuerySelector("#concerns-table")!.TextContent.ShouldContain("Anonymous");
        var read = await hr.GetPageAsync($"/concerns/{stored.Id}");
        read.QuerySelector("#concern-message")!.TextContent.ShouldBe(message);
        read.QuerySelector("h1")!.TextContent.ShouldContain(Concern.ReferenceOf(stored.Id)); // the reference she was given
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "concern.read" && a.ActorEmail == hrUser.Email))).ShouldBe(1);
    }
}
