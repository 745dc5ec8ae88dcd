using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Features.Voice;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>The app with its Slack app set up against a local fake of Slack (<see cref="TestSlackServer"/>).</summary>
public sealed class SlackApp : AppFixtureBase
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    public SlackApp()
    {
        Settings["Slack:ClientId"] = "1234.5678";
        Settings["Slack:ClientSecret"] = "test-client-secret";
        Settings["Slack:SigningSecret"] = SigningSecret;
        Settings["Slack:ApiBaseUrl"] = Slack.ApiBaseUrl;
        Settings["Slack:AuthorizeUrl"] = Slack.AuthorizeUrl;
    }

    public TestSlackServer Slack { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Slack.DisposeAsync();
    }
}

/// <summary>
/// Logging and answering from Slack and Teams, over HTTP as they send it, against the fake Slack: /pledge → modal →
/// submission → one action; retried and forged requests log nothing; reminders and confirmations as direct messages;
/// the Teams command. Modal submissions are built from the view the app itself sent to views.open, as Slack builds them.
/// </summary>
public sealed class ChatAppTests(SlackApp app, ITestOutputHelper output) : IClassFixture<SlackApp>
{
    private readonly TestData _data = new(app.LogTo(output));

    private readonly ChatAppClient _chat = new(app.NewClient(), app.Clock);

    private Task<HttpResponseMessage> SlackPostAsync(string path, string body, DateTimeOffset? at = null, string secret = SlackApp.SigningSecret) =>
        _chat.SlackPostAsync(path, body, secret, at);

    private static string Form(params (string Key, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private Task<HttpResponseMessage> PledgeAsync(string slackUser, string text, string trigger) => SlackPostAsync("/slack/commands", Form(
        ("token", "unused"), ("team_id", TestSlackServer.TeamId), ("user_id", slackUser), ("user_name", "someone"), ("command", "/pledge"), ("text", text),
        ("trigger_id", trigger), ("response_url", "https://hooks.slack.com/commands/T0/1/2")));

    private Task<HttpResponseMessage> InteractAsync(JsonObject payload) => SlackPostAsync("/slack/interactivity", Form(("payload", payload.ToJsonString())));

    private static JsonObject Team() => new() { ["id"] = TestSlackServer.TeamId };

    private static JsonObject User(string slackUser) => new() { ["id"] = slackUser, ["team_id"] = TestSlackServer.TeamId };

    // ---- set-up through the app's own pages ----

    private async Task InstallAsync()
    {
        if (await app.WithDbAsync(db => db.ChatAppInstallations.AnyAsync(i => i.App == Allyship.Web.Data.ChatApp.Slack)))
        {
            return;
        }

        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/integrations");
        var install = page.QuerySelector("#add-to-slack")?.GetAttribute("href");
        install.ShouldBe("/slack/install");
        var toSlack = await admin.Client.GetAsync(new Uri(install!, UriKind.Relative));
        toSlack.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var consent = toSlack.Headers.Location!;
        consent.ToString().ShouldStartWith(app.Slack.AuthorizeUrl);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(consent.Query);
        query["scope"].ToString().ShouldContain("commands");
        query["redirect_uri"].ToString().ShouldBe("https://allyship.example.org/slack/oauth/callback");

        // Slack sends the admin back with a code; a forged state installs nothing.
        var forged = await admin.Client.GetAsync(new Uri("/slack/oauth/callback?code=good-code&state=forged", UriKind.Relative));
        forged.Headers.Location!.ToString().ShouldBe("/admin/integrations?slack=refused");
        var back = await admin.Client.GetAsync(new Uri($"/slack/oauth/callback?code=good-code&state={Uri.EscapeDataString(query["state"]!)}", UriKind.Relative));
        back.Headers.Location!.ToString().ShouldBe("/admin/integrations?slack=installed");
        (await admin.GetPageAsync("/admin/integrations")).QuerySelector("#slack-state")!.TextContent.ShouldContain(TestSlackServer.TeamName);

        var stored = await app.WithDbAsync(db => db.ChatAppInstallations.SingleAsync(i => i.App == Allyship.Web.Data.ChatApp.Slack));
        stored.Secret.ShouldNotContain(TestSlackServer.BotToken); // encrypted at rest
    }

    /// <summary>/pledge from an unknown Slack user answers with a one-time link; the mentor opens it signed in and connects.</summary>
    private async Task<(Browser Mentor, string SlackUser)> ConnectedMentorAsync(TestUser mentor)
    {
        await InstallAsync();
        var slackUser = "U" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var unknown = await PledgeAsync(slackUser, "", "trigger-unknown");
        var text = await unknown.Content.ReadAsStringAsync();
        unknown.StatusCode.ShouldBe(HttpStatusCode.OK, text[..Math.Min(text.Length, 3000)]);
        var answer = JsonNode.Parse(text)!;
        answer["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        var link = System.Text.RegularExpressions.Regex.Match(answer["text"]!.GetValue<string>(), "https://allyship.example.org(/chat/link/[^|>]+)").Groups[1].Value;
        link.ShouldNotBeEmpty();

        app.Slack.AddPerson(mentor.Email, slackUser); // in the workspace under her email: Slack vouches for it
        var browser = await Browser.SignedInAsync(app, mentor);
        var done = await browser.SubmitAsync(link, "Connect my Slack account");
        (await done.Content.ReadAsStringAsync()).ShouldContain("account is connected");
        return (browser, slackUser);
    }

    /// <summary>The view the app last asked Slack to open for this trigger.</summary>
    private JsonObject ViewOpenedFor(string trigger) =>
        (JsonObject)app.Slack.CallsOf("views.open").Last(c => c.Arguments["trigger_id"]?.GetValue<string>() == trigger).Arguments["view"]!.DeepClone();

    /// <summary>
    /// The modal as Slack submits it: every input of the app's own view with its initial value, or what the test typed
    /// (<paramref name="typed"/>, by block id); the colleague picked from what /slack/options offered for her name.
    /// </summary>
    private async Task<JsonObject> SubmissionAsync(string slackUser, JsonObject view, string colleagueName, Dictionary<string, string>? typed = null)
    {
        var values = new JsonObject();
        foreach (var block in view["blocks"]!.AsArray().OfType<JsonObject>().Where(b => b["type"]!.GetValue<string>() == "input"))
        {
            var id = block["block_id"]!.GetValue<string>();
            var element = block["element"]!.AsObject();
            var actionId = element["action_id"]!.GetValue<string>();
            var type = element["type"]!.GetValue<string>();
            var value = typed?.GetValueOrDefault(id);
            JsonObject state = type switch
            {
                "external_select" => new JsonObject { ["type"] = type, ["selected_option"] = await PickAsync(slackUser, id, colleagueName) },
                "static_select" => new JsonObject { ["type"] = type, ["selected_option"] = value is null ? element["initial_option"]!.DeepClone()
                    : element["options"]!.AsArray().First(o => o!["value"]!.GetValue<string>() == value)!.DeepClone() },
                "datepicker" => new JsonObject { ["type"] = type, ["selected_date"] = value ?? element["initial_date"]?.GetValue<string>() },
                _ => new JsonObject { ["type"] = type, ["value"] = value ?? element["initial_value"]?.GetValue<string>() },
            };
            values[id] = new JsonObject { [actionId] = state };
        }

        var submitted = (JsonObject)view.DeepClone();
        submitted["id"] = "V123";
        submitted["state"] = new JsonObject { ["values"] = values };
        return new JsonObject { ["type"] = "view_submission", ["team"] = Team(), ["user"] = User(slackUser), ["view"] = submitted };
    }

    private async Task<JsonObject> PickAsync(string slackUser, string blockId, string name)
    {
        var suggestion = new JsonObject
        {
            ["type"] = "block_suggestion", ["team"] = Team(), ["user"] = User(slackUser), ["block_id"] = blockId, ["action_id"] = SlackBlocks.ColleagueAction,
            ["value"] = name[..Math.Min(name.Length, 6)],
        };
        var options = JsonNode.Parse(await (await SlackPostAsync("/slack/options", Form(("payload", suggestion.ToJsonString())))).Content.ReadAsStringAsync())!;
        return (JsonObject)options["options"]!.AsArray().First(o => o!["text"]!["text"]!.GetValue<string>().StartsWith(name, StringComparison.Ordinal))!.DeepClone();
    }

    private async Task<JsonObject> SubmitAsync(JsonObject submission)
    {
        var response = await InteractAsync(submission);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task A_mentor_logs_a_coffee_a_shout_out_and_a_sponsor_note_from_pledge_and_they_count_on_this_week()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var dana = await _data.ColleagueAsync(TestData.Unique("Dana"));
        var (browser, slackUser) = await ConnectedMentorAsync(mentor);

        (await PledgeAsync(slackUser, "coffee", "trigger-coffee")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var coffee = ViewOpenedFor("trigger-coffee");
        coffee["title"]!["text"]!.GetValue<string>().ShouldBe("Log a coffee");
        var logged = await SubmitAsync(await SubmissionAsync(slackUser, coffee, dana.Name, new() { ["Topics"] = "her move into product" }));
        logged["response_action"]!.GetValue<string>().ShouldBe("update");
        logged.ToJsonString().ShouldContain($"Coffee with {dana.Name}");

        (await PledgeAsync(slackUser, "shout-out", "trigger-shout")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SubmitAsync(await SubmissionAsync(slackUser, ViewOpenedFor("trigger-shout"), dana.Name, new() { ["Achievement"] = "the launch" }));

        // A sponsor note without its leader is refused with the web form's own sentence, beside the field.
        (await PledgeAsync(slackUser, "sponsor", "trigger-note")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var note = ViewOpenedFor("trigger-note");
        var refused = await SubmitAsync(await SubmissionAsync(slackUser, note, dana.Name, new() { ["Accomplishment"] = "the launch" }));
        refused["response_action"]!.GetValue<string>().ShouldBe("errors");
        refused["errors"]!["SeniorLeader"]!.GetValue<string>().ShouldBe("Name the senior leader you told.");
        var last = await SubmitAsync(await SubmissionAsync(slackUser, note, dana.Name, new() { ["SeniorLeader"] = "Helen", ["Accomplishment"] = "the launch" }));
        last.ToJsonString().ShouldContain("36 of 36 minutes");

        var actions = await app.WithDbAsync(db => db.Actions.Where(a => a.MentorId == mentor.Id).Select(a => new { a.Kind, a.Topics, a.SeniorLeader }).ToListAsync());
        actions.Select(a => a.Kind).Order().ShouldBe([ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote]);
        var week = await browser.GetPageAsync("/week");
        week.Body!.TextContent.ShouldContain("36 of 36 minutes");
    }

    [Fact]
    public async Task A_mentor_who_reads_french_gets_the_slack_form_and_its_answers_in_french()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var dana = await _data.ColleagueAsync(TestData.Unique("Dana"));
        var (browser, slackUser) = await ConnectedMentorAsync(mentor);
        // Français on Settings, as the mentor chooses it: Slack answers in the language of the account it is connected to.
        (await browser.SubmitAsync("/preferences", "Save settings", new() { ["Input.Language"] = "fr" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var wrong = JsonNode.Parse(await (await PledgeAsync(slackUser, "lunch", "trigger-fr-wrong")).Content.ReadAsStringAsync())!;
        wrong["text"]!.GetValue<string>().ShouldStartWith("Essayez `/pledge coffee`");

        (await PledgeAsync(slackUser, "sponsor", "trigger-fr")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var note = ViewOpenedFor("trigger-fr");
        note["title"]!["text"]!.GetValue<string>().ShouldBe("Noter une recommandation");
        note["submit"]!["text"]!.GetValue<string>().ShouldBe("Le noter");
        var refused = await SubmitAsync(await SubmissionAsync(slackUser, note, dana.Name, new() { ["Accomplishment"] = "the launch" }));
        refused["errors"]!["SeniorLeader"]!.GetValue<string>().ShouldBe("Nommez le ou la dirigeant·e à qui vous en avez parlé.");
        var logged = await SubmitAsync(await SubmissionAsync(slackUser, note, dana.Name, new() { ["SeniorLeader"] = "Helen", ["Accomplishment"] = "the launch" }));
        logged.ToJsonString().ShouldContain("cette semaine");
    }

    [Fact]
    public async Task A_retried_submission_logs_once_and_a_forged_or_stale_request_logs_nothing()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var chen = await _data.ColleagueAsync(TestData.Unique("Chen"));
        var (_, slackUser) = await ConnectedMentorAsync(mentor);
        (await PledgeAsync(slackUser, "coffee", "trigger-retry")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var submission = await SubmissionAsync(slackUser, ViewOpenedFor("trigger-retry"), chen.Name);

        var body = Form(("payload", submission.ToJsonString()));
        (await SlackPostAsync("/slack/interactivity", body, secret: "not-the-signing-secret")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SlackPostAsync("/slack/interactivity", body, at: app.Clock.GetUtcNow().AddMinutes(-6))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _chat.UnsignedSlackPostAsync("/slack/interactivity", body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await SlackPostAsync("/slack/commands", Form(("team_id", TestSlackServer.TeamId), ("user_id", slackUser), ("text", "coffee"), ("trigger_id", "trigger-evil")),
            secret: "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        app.Slack.CallsOf("views.open").ShouldNotContain(c => c.Arguments["trigger_id"]!.GetValue<string>() == "trigger-evil");
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id))).ShouldBe(0);

        await SubmitAsync(submission);
        await SubmitAsync(submission); // Slack's retry of the same submission
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task The_message_shortcut_opens_a_shout_out_prefilled_with_the_message()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var amara = await _data.ColleagueAsync(TestData.Unique("Amara"));
        var (_, slackUser) = await ConnectedMentorAsync(mentor);

        (await InteractAsync(new JsonObject
        {
            ["type"] = "message_action", ["callback_id"] = SlackBlocks.ShoutOutShortcut, ["team"] = Team(), ["user"] = User(slackUser),
            ["trigger_id"] = "trigger-shortcut", ["channel"] = new JsonObject { ["id"] = "C1", ["name"] = "launches" },
            ["message"] = new JsonObject { ["type"] = "message", ["text"] = "<@U999> shipped billing &amp; invoicing with no outage" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = ViewOpenedFor("trigger-shortcut");
        view["blocks"]!.AsArray().Single(b => b!["block_id"]?.GetValue<string>() == "Achievement")!["element"]!["initial_value"]!.GetValue<string>()
            .ShouldBe("shipped billing & invoicing with no outage"); // the mention left out, the entity read
        await SubmitAsync(await SubmissionAsync(slackUser, view, amara.Name));
        var logged = await app.WithDbAsync(db => db.Actions.SingleAsync(a => a.MentorId == mentor.Id));
        (logged.Kind, logged.Achievement, logged.WhereGiven).ShouldBe((ActionKind.ShoutOut, "shipped billing & invoicing with no outage", "Slack, #launches"));
    }

    [Fact]
    public async Task A_mentor_who_chose_slack_gets_the_reminder_as_a_message_whose_buttons_open_the_form()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 16, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var (browser, slackUser) = await ConnectedMentorAsync(mentor);
        (await browser.SubmitAsync("/preferences", "Save settings", choose: new() { ["Input.ReminderChannel"] = ["Slack"] })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10, 1)); // Wednesday's nudge, the week after she joined
        await app.RunAsync<ReminderJob, int>(job => job.QueueDueAsync());
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.DispatchAsync());

        app.Smtp.To(mentor.Email).ShouldBeEmpty("Slack only: no email");
        var email = await app.WithDbAsync(db => db.Emails.SingleAsync(e => e.UserId == mentor.Id && e.Kind == EmailKind.Reminder));
        email.Status.ShouldBe(EmailStatus.InChat); // still the day's reminder for the daily cap
        var dm = app.Slack.CallsOf("chat.postMessage").Single(c => c.Arguments["channel"]?.GetValue<string>() == slackUser);
        dm.Arguments["text"]!.GetValue<string>().ShouldContain("a coffee, a shout-out and a sponsor note to go");
        var button = dm.Arguments["blocks"]!.AsArray().SelectMany(b => b!["elements"]?.AsArray() ?? []).First(e => e!["text"]!["text"]!.GetValue<string>() == "Log a coffee")!;

        await InteractAsync(new JsonObject
        {
            ["type"] = "block_actions", ["team"] = Team(), ["user"] = User(slackUser), ["trigger_id"] = "trigger-from-reminder",
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = button["action_id"]!.DeepClone(), ["value"] = button["value"]!.DeepClone(), ["type"] = "button" }),
        });
        ViewOpenedFor("trigger-from-reminder")["title"]!["text"]!.GetValue<string>().ShouldBe("Log a coffee");

        // Run again: nothing more is sent (the outbox's keys).
        await app.RunAsync<ReminderJob, int>(job => job.QueueDueAsync());
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());
        app.Slack.CallsOf("chat.postMessage").Count(c => c.Arguments["channel"]?.GetValue<string>() == slackUser).ShouldBe(1);
    }

    [Fact]
    public async Task A_colleague_confirms_from_a_slack_message_and_her_mentor_sees_it()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 16, 9));
        var program = await _data.ProgramAsync(configure: p => p.AskColleaguesToConfirm = true);
        var mentor = await _data.MentorAsync(program);
        var dana = await _data.ColleagueAsync(TestData.Unique("Dana"));
        var nobody = await _data.ColleagueAsync(TestData.Unique("Ines")); // not in the workspace: no message, her email still goes
        await InstallAsync();
        var coffee = await _data.ActionAsync(mentor, program, dana, ActionKind.Coffee, new DateOnly(2026, 11, 17));
        await _data.ActionAsync(mentor, program, nobody, ActionKind.Coffee, new DateOnly(2026, 11, 18));
        app.Slack.AddPerson(dana.Email, "UDANA");

        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(job => job.AskAsync(new Web.Features.Pledge.PledgeWeek(new DateOnly(2026, 11, 16)), default));
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());

        app.Slack.CallsOf("users.lookupByEmail").Select(c => c.Arguments["email"]!.GetValue<string>()).ShouldContain(nobody.Email);
        var dm = app.Slack.CallsOf("chat.postMessage").Single(c => c.Arguments["channel"]?.GetValue<string>() == "UDANA");
        (await app.WithDbAsync(db => db.ChatCalls.SingleAsync(c => c.LookupEmail == nobody.Email))).Status.ShouldBe(ChatCallStatus.Skipped);
        var happened = dm.Arguments["blocks"]!.AsArray().SelectMany(b => b!["elements"]?.AsArray() ?? [])
            .First(e => e!["action_id"]?.GetValue<string>() == SlackBlocks.ConfirmHappened)!;

        await InteractAsync(new JsonObject
        {
            ["type"] = "block_actions", ["team"] = Team(), ["user"] = User("UDANA"),
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = "DDANA", ["message_ts"] = "1764000000.000001" },
            ["message"] = new JsonObject { ["blocks"] = dm.Arguments["blocks"]!.DeepClone() },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = SlackBlocks.ConfirmHappened, ["value"] = happened["value"]!.DeepClone(), ["type"] = "button" }),
        });

        (await app.WithDbAsync(db => db.Confirmations.SingleAsync(c => c.ActionId == coffee.Id))).Answer.ShouldBe(ConfirmationAnswer.Happened);
        // Her mentor's week page: last week's coffee with her is confirmed; the other colleague's is still waiting.
        var week = (await (await Browser.SignedInAsync(app, mentor)).GetPageAsync($"/week?program={program.Id}")).Body!.TextContent;
        week.ShouldContain($"Coffee with {dana.Name}");
        System.Text.RegularExpressions.Regex.Count(week, "Not confirmed yet").ShouldBe(1);
        System.Text.RegularExpressions.Regex.Count(week, @"\bConfirmed\b").ShouldBe(1);
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());
        app.Slack.CallsOf("chat.update").ShouldContain(c => c.Arguments["channel"]!.GetValue<string>() == "DDANA" && c.Arguments.ToJsonString().Contains("You said it happened"));
    }

    [Fact]
    public async Task A_rate_limited_call_waits_as_long_as_slack_asks_then_goes_once()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        await InstallAsync();
        var key = $"test:{Guid.NewGuid():N}";
        await app.WithDbAsync(db =>
        {
            ChatCalls.Queue(db, TestSlackServer.TeamId, "chat.postMessage", new JsonObject { ["channel"] = "URATE", ["text"] = "hello" }, key, app.Clock.GetUtcNow().UtcDateTime);
            return db.SaveChangesAsync();
        });
        app.Slack.RateLimitNext("chat.postMessage", 1);
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());
        var waiting = await app.WithDbAsync(db => db.ChatCalls.SingleAsync(c => c.Key == key));
        waiting.Status.ShouldBe(ChatCallStatus.Pending);
        waiting.NextAttemptUtc.ShouldBe(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), TimeSpan.FromSeconds(1));

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());
        app.Clock.Advance(TimeSpan.FromSeconds(25));
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());
        (await app.WithDbAsync(db => db.ChatCalls.SingleAsync(c => c.Key == key))).Status.ShouldBe(ChatCallStatus.Done);
        app.Slack.CallsOf("chat.postMessage").Count(c => c.Arguments["channel"]?.GetValue<string>() == "URATE").ShouldBe(2); // the refused one, then the one that went
    }

    [Fact]
    public async Task A_link_opened_by_someone_else_connects_nothing_and_another_workspace_is_not_served()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var victim = await _data.MentorAsync(program);
        await InstallAsync();
        var attacker = "U" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        app.Slack.AddPerson(mentor.Email, attacker); // the link's Slack account belongs to the mentor's email, not the victim's

        var answer = JsonNode.Parse(await (await PledgeAsync(attacker, "", "trigger-phish")).Content.ReadAsStringAsync())!;
        var link = System.Text.RegularExpressions.Regex.Match(answer["text"]!.GetValue<string>(), "https://allyship.example.org(/chat/link/[^|>]+)").Groups[1].Value;
        var refused = await (await Browser.SignedInAsync(app, victim)).SubmitAsync(link, "Connect my Slack account");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("email address is not yours");
        (await app.WithDbAsync(db => db.ChatAccounts.AnyAsync(a => a.UserId == victim.Id))).ShouldBeFalse();

        // A workspace the app is not installed in (a request signed with this app's secret all the same): nothing opens.
        var elsewhere = await SlackPostAsync("/slack/commands", Form(("team_id", "TOTHER"), ("user_id", attacker), ("text", "coffee"), ("trigger_id", "trigger-elsewhere")));
        (await elsewhere.Content.ReadAsStringAsync()).ShouldContain("not installed in this workspace");
        app.Slack.CallsOf("views.open").ShouldNotContain(c => c.Arguments["trigger_id"]!.GetValue<string>() == "trigger-elsewhere");
    }

    [Fact]
    public async Task A_slack_only_reminder_that_slack_refuses_goes_by_email_after_all()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 16, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var (browser, _) = await ConnectedMentorAsync(mentor);
        (await browser.SubmitAsync("/preferences", "Save settings", choose: new() { ["Input.ReminderChannel"] = ["Slack"] })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10, 2));
        await app.RunAsync<ReminderJob, int>(job => job.QueueDueAsync());
        app.Slack.RefuseNext("chat.postMessage", "channel_not_found");
        await app.RunAsync<ChatCalls, int>(job => job.CallDueAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.DispatchAsync());

        (await app.WithDbAsync(db => db.ChatCalls.SingleAsync(c => c.Key.Contains(mentor.Id)))).Status.ShouldBe(ChatCallStatus.Failed);
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem().Subject.ShouldStartWith("This week:");

        // The program admin sees what did not go and why (never to whom).
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var problems = (await admin.GetPageAsync("/admin/emails")).QuerySelector("#slack-problems")!.TextContent;
        problems.ShouldContain("A direct message (reminder or question)");
        problems.ShouldContain("Slack refused it: channel_not_found.");
        problems.ShouldNotContain(mentor.Email);
    }

    // ---- Teams ----

    private const string TeamsToken = "c2VjcmV0LXRlYW1zLXNlY3VyaXR5LXRva2VuLTAxMjM0NQ==";

    private Task<HttpResponseMessage> TeamsPostAsync(string aadObjectId, string text, string messageId, string token = TeamsToken) =>
        _chat.TeamsPostAsync(aadObjectId, text, messageId, token);

    [Fact]
    public async Task A_teams_command_logs_a_coffee_and_one_with_a_wrong_hmac_logs_nothing()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var dana = await _data.ColleagueAsync(TestData.Unique("Dana"));
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        (await admin.SubmitAsync("/admin/integrations", "token", new() { ["SecurityToken"] = TeamsToken })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Unknown to Allyship: the card says where to take a code; the code, sent from Teams, connects the sender.
        var aad = Guid.NewGuid().ToString();
        var first = await (await TeamsPostAsync(aad, $"coffee with {dana.Name} 30", "m1")).Content.ReadAsStringAsync();
        first.ShouldContain("/chat/accounts");
        var browser = await Browser.SignedInAsync(app, mentor);
        var withCode = await Browser.ParseAsync(await browser.SubmitAsync("/chat/accounts", "Get a code for Teams"));
        var code = System.Text.RegularExpressions.Regex.Match(withCode.QuerySelector("#teams-code")!.TextContent, "connect ([A-Z0-9]{4}-[A-Z0-9]{4})").Groups[1].Value;
        code.ShouldNotBeEmpty();
        (await (await TeamsPostAsync(aad, $"connect {code}", "m1c")).Content.ReadAsStringAsync()).ShouldContain("Your Teams account is connected");
        // Seen in the channel, the code is spent: someone else sending it connects nothing.
        (await (await TeamsPostAsync(Guid.NewGuid().ToString(), $"connect {code}", "m1d")).Content.ReadAsStringAsync()).ShouldContain("That code is not valid");

        (await TeamsPostAsync(aad, $"coffee with {dana.Name} 30", "m2", token: Convert.ToBase64String(Encoding.UTF8.GetBytes("another-token-entirely-0123"))))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id))).ShouldBe(0);

        var logged = await TeamsPostAsync(aad, $"coffee with {dana.Name} 30", "m3");
        logged.StatusCode.ShouldBe(HttpStatusCode.OK);
        var card = await logged.Content.ReadAsStringAsync();
        card.ShouldContain("application/vnd.microsoft.card.adaptive");
        card.ShouldContain("Your coffee is logged. 30 of 36 minutes this week.");
        card.ShouldNotContain(dana.Name); // the channel reads the answer: a coffee names nobody
        await TeamsPostAsync(aad, $"coffee with {dana.Name} 30", "m3"); // Teams sending the same message again
        (await app.WithDbAsync(db => db.Actions.CountAsync(a => a.MentorId == mentor.Id && a.Kind == ActionKind.Coffee))).ShouldBe(1);

        var missing = await (await TeamsPostAsync(aad, "shoutout Nobody-Such-Person for the launch", "m4")).Content.ReadAsStringAsync();
        missing.ShouldContain("Nobody in the directory matches");
        var shout = await (await TeamsPostAsync(aad, $"shoutout {dana.Name} for the launch", "m5")).Content.ReadAsStringAsync();
        shout.ShouldContain($"Shout-out for {dana.Name} is logged"); // public by nature
    }
}
