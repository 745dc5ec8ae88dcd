using System.Net;
using System.Text.Json;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>The app with a one-second wait for the chat's answer (so a slow chat is quick to test) and injectable database faults.</summary>
public sealed class ChatApp : AppFixtureBase
{
    public ChatApp() => Settings["Chat:TimeoutSeconds"] = "1";

    public TestFaults Faults { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(Faults));
    }
}

/// <summary>Shout-outs in the team's chat: through the chat outbox, at most once, never for a colleague who asked not to be named.</summary>
public sealed class ChatTests(ChatApp app, ITestOutputHelper output) : IClassFixture<ChatApp>, IAsyncLifetime
{
    private readonly TestData _data = new(app.LogTo(output));
    private readonly TestWebhookServer _chat = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        app.Faults.Reset();
    }

    private async Task<(PledgeProgram Program, string Path)> ProgramWithChatAsync(ChatService service)
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        var webhooks = app.Services.GetRequiredService<ChatWebhooks>();
        var program = await _data.ProgramAsync(configure: p => (p.ChatService, p.ChatChannel, p.ChatWebhook) = (service, "#kudos", webhooks.Protect(_chat.Url(path))));
        return (program, path);
    }

    /// <summary>What the mentor fills in on the shout-out form: her, the achievement, and the chat box ticked or not.</summary>
    private static Dictionary<string, string?> ShoutOut(Colleague colleague, bool post) => new()
    {
        ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Achievement"] = "shipped the billing service without an outage",
        ["Input.PostToChat"] = post ? "true" : null,
    };

    private static Task<HttpResponseMessage> LogShoutOutAsync(Browser browser, PledgeProgram program, Colleague colleague, bool post) =>
        browser.SubmitAsync($"/log/shout-out?program={program.Id}", "Log shout-out", ShoutOut(colleague, post));

    /// <summary>The recurring job's run; <paramref name="leased"/> false runs it without the job lease, as two instances whose leases overlapped would.</summary>
    private Task<int> DispatchAsync(bool leased = true) => app.RunAsync<ChatDispatcher, int>(job => leased ? job.RunAsync() : job.PostDueAsync());

    private Task<ChatPost> PostAsync(PledgeProgram program) =>
        app.WithDbAsync(db => db.ChatPosts.AsNoTracking().SingleAsync(p => p.ProgramId == program.Id));

    /// <summary>A program with a Slack webhook and one ticked shout-out logged through the form, waiting to be posted.</summary>
    private async Task<(PledgeProgram Program, string Path)> ShoutOutWaitingAsync()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var (program, path) = await ProgramWithChatAsync(ChatService.Slack);
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);
        (await LogShoutOutAsync(browser, program, await _data.ColleagueAsync(), post: true)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (program, path);
    }

    /// <summary>Runs the dispatcher now, and again an hour and a day later: however often it runs, nothing more is sent.</summary>
    private async Task DispatchLaterAgainAsync()
    {
        (await DispatchAsync()).ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromHours(1));
        (await DispatchAsync()).ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromDays(1));
        (await DispatchAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_chat_slower_than_the_timeout_gets_the_post_once_and_an_admin_posts_it_again()
    {
        var (program, path) = await ShoutOutWaitingAsync();

        // The chat takes the post but answers after the app stopped waiting: it is in the channel, and the app can't know.
        _chat.AnswerLate(1, TimeSpan.FromSeconds(3));
        ChatPost? midRequest = null;
        _chat.WhileNextWaits(async () => midRequest = await PostAsync(program));
        (await DispatchAsync()).ShouldBe(0);

        // The claim and the attempt were committed before the request left: another server would have left it alone.
        midRequest.ShouldNotBeNull().Status.ShouldBe(ChatPostStatus.Posting);
        midRequest.LockedUntilUtc.ShouldBe(AppFixture.DefaultNow.UtcDateTime + ChatDispatcher.Claim);
        midRequest.Attempts.ShouldBe(1);
        var post = await PostAsync(program);
        post.Status.ShouldBe(ChatPostStatus.Uncertain);
        post.LastError.ShouldBe(ChatDispatcher.NoAnswerInTime);
        await DispatchLaterAgainAsync();
        _chat.Requests.Count(r => r.Path == path).ShouldBe(1, "one request, however often the dispatcher runs");

        // The admin page says what happened and what to do; the admin finds it missing from the channel and posts it again.
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/emails");
        page.QuerySelector("#chat-needs-you").ShouldNotBeNull("said at the top: the chat posts come after the latest emails").TextContent.ShouldContain("may not have reached");
        page.QuerySelector("#chat-uncertain").ShouldNotBeNull().TextContent.ShouldContain("Look in the program's channel");
        page.QuerySelector("#chat-posts")!.TextContent.ShouldContain("Maybe posted: check the channel");
        (await admin.SubmitAsync("/admin/emails", $"Post again: the shout-out in {program.Name}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DispatchAsync()).ShouldBe(1);
        await DispatchLaterAgainAsync();
        _chat.Requests.Count(r => r.Path == path).ShouldBe(2, "the admin's one more, and no other");
        (await PostAsync(program)).Status.ShouldBe(ChatPostStatus.Sent);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "chat.post-again" && a.Target == $"chat post {post.Id}"))).ShouldBe(1);
        (await RowOnAdminPageAsync(program)).ShouldStartWith("Posted");
    }

    [Fact]
    public async Task A_post_cut_short_by_a_crash_after_sending_is_uncertain_and_an_admin_marks_it_posted()
    {
        var (program, path) = await ShoutOutWaitingAsync();

        // The request goes out and the chat takes it; then the process is gone before it writes down the answer (here:
        // the database refuses that write, which leaves the same rows as a kill -9 at that instant).
        app.Faults.FailTimes(1, "UPDATE \"ChatPosts\"", "\"SentUtc\"");
        (await Should.ThrowAsync<Exception>(() => DispatchAsync())).Message.ShouldContain("Injected failure");
        _chat.Accepted(path).ShouldHaveSingleItem();
        (await PostAsync(program)).Status.ShouldBe(ChatPostStatus.Posting);

        (await DispatchAsync()).ShouldBe(0, "still claimed by the run that died: left alone");
        app.Clock.Advance(ChatDispatcher.Claim + TimeSpan.FromSeconds(1));
        (await DispatchAsync()).ShouldBe(0, "the claim lapsed mid-post: uncertain, not posted again");
        var post = await PostAsync(program);
        post.Status.ShouldBe(ChatPostStatus.Uncertain);
        post.LastError.ShouldBe(ChatDispatcher.CutShort);
        await DispatchLaterAgainAsync();
        _chat.Requests.Count(r => r.Path == path).ShouldBe(1);

        // The admin finds it in the channel and says so: it stays posted, and is never sent again.
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        (await admin.SubmitAsync("/admin/emails", $"Mark as posted: the shout-out in {program.Name}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        post = await PostAsync(program);
        post.Status.ShouldBe(ChatPostStatus.Sent);
        post.SentUtc.ShouldNotBeNull();
        await DispatchLaterAgainAsync();
        _chat.Requests.Count(r => r.Path == path).ShouldBe(1);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "chat.mark-posted" && a.Target == $"chat post {post.Id}"))).ShouldBe(1);
        (await RowOnAdminPageAsync(program)).ShouldStartWith("Posted");
    }

    [Fact]
    public async Task A_connection_that_fails_before_anything_is_sent_is_retried_and_posted_once()
    {
        var (program, path) = await ShoutOutWaitingAsync();
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there: the connection is refused before a byte of the post is sent
        var webhooks = app.Services.GetRequiredService<ChatWebhooks>();
        await SetWebhookAsync(program, webhooks.Protect($"http://127.0.0.1:{port}/hook"));

        (await DispatchAsync()).ShouldBe(0);
        var post = await PostAsync(program);
        post.Status.ShouldBe(ChatPostStatus.Pending, "nothing was sent, so it is safe to try again");
        post.LastError.ShouldBe("The chat could not be reached: the connection failed.");
        post.NextAttemptUtc.ShouldBe(AppFixture.DefaultNow.UtcDateTime + ChatPost.Backoff(1));

        await SetWebhookAsync(program, webhooks.Protect(_chat.Url(path)));
        app.Clock.Advance(ChatPost.Backoff(1));
        (await DispatchAsync()).ShouldBe(1);
        await DispatchLaterAgainAsync();
        _chat.Accepted(path).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Two_dispatchers_at_once_post_a_shout_out_once()
    {
        var (program, path) = await ShoutOutWaitingAsync();
        _chat.AnswerLate(2, TimeSpan.FromMilliseconds(300));

        var sent = await Task.WhenAll(DispatchAsync(leased: false), DispatchAsync(leased: false), DispatchAsync(leased: false));

        sent.Sum().ShouldBe(1);
        _chat.Requests.Count(r => r.Path == path).ShouldBe(1);
        (await PostAsync(program)).Status.ShouldBe(ChatPostStatus.Sent);
    }

    /// <summary>The status an admin reads for the program's post on /admin/emails (signed in now: the clock may have moved on).</summary>
    private async Task<string> RowOnAdminPageAsync(PledgeProgram program)
    {
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var row = (await admin.GetPageAsync("/admin/emails")).QuerySelectorAll("#chat-posts tbody tr")
            .Single(r => r.QuerySelector("td")!.TextContent == program.Name);
        return row.QuerySelectorAll("td")[1].TextContent.Trim();
    }

    private Task<int> SetWebhookAsync(PledgeProgram program, string stored) =>
        app.WithDbAsync(db => db.Programs.Where(p => p.Id == program.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ChatWebhook, stored)));

    [Fact]
    public async Task A_ticked_shout_out_reaches_slack_once_even_across_a_retry()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var (program, path) = await ProgramWithChatAsync(ChatService.Slack);
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Amara Okafor");
        var browser = await Browser.SignedInAsync(app, mentor);

        // The form offers it, naming the channel.
        var form = await browser.GetPageAsync($"/log/shout-out?program={program.Id}");
        form.QuerySelector("label[for=shout-out-chat]")!.TextContent.ShouldBe("Post it in #kudos");

        (await browser.SubmitAsync(form, $"/log/shout-out?program={program.Id}", "Log shout-out", ShoutOut(colleague, post: true))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The chat refuses the first two attempts (a 500 says nothing was posted): the post waits and goes on the third.
        _chat.FailNext(2);
        (await DispatchAsync()).ShouldBe(0);
        _chat.Accepted(path).ShouldBeEmpty();
        (await DispatchAsync()).ShouldBe(0, "not due yet: it waits a minute");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await DispatchAsync()).ShouldBe(0);
        (await PostAsync(program)).Status.ShouldBe(ChatPostStatus.Pending);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await DispatchAsync()).ShouldBe(1);
        app.Clock.Advance(TimeSpan.FromHours(1));
        (await DispatchAsync()).ShouldBe(0, "posted: never again");

        var body = _chat.Accepted(path).ShouldHaveSingleItem();
        JsonDocument.Parse(body).RootElement.GetProperty("text").GetString()
            .ShouldBe($"{mentor.Email} recognises Amara Okafor: shipped the billing service without an outage");
        _chat.Requests.Count(r => r.Path == path).ShouldBe(3); // two refused, one accepted
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card_and_unticked_or_unnamed_shout_outs_stay_in_the_app()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var (program, path) = await ProgramWithChatAsync(ChatService.Teams);
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Priya Nair");
        var browser = await Browser.SignedInAsync(app, mentor);
        await LogShoutOutAsync(browser, program, colleague, post: true);
        await LogShoutOutAsync(browser, program, colleague, post: false);

        // Logged while she could be named, then she asked not to be: a ticked shout-out sent from a page left open is not posted.
        await LogShoutOutAsync(browser, program, colleague, post: false);
        var leftOpen = await browser.GetPageAsync($"/log/shout-out?program={program.Id}");
        await app.WithDbAsync(db => db.Colleagues.Where(c => c.Id == colleague.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.NotNamed, true)));
        var unnamed = await browser.SubmitAsync(leftOpen, $"/log/shout-out?program={program.Id}", "Log shout-out", ShoutOut(colleague, post: true));
        output.WriteLine($"unnamed: {unnamed.StatusCode}");

        (await DispatchAsync()).ShouldBe(1);
        var card = JsonDocument.Parse(_chat.Accepted(path).ShouldHaveSingleItem()).RootElement;
        card.GetProperty("type").GetString().ShouldBe("message");
        var content = card.GetProperty("attachments")[0].GetProperty("content");
        content.GetProperty("type").GetString().ShouldBe("AdaptiveCard");
        content.GetProperty("body")[0].GetProperty("text").GetString()!.ShouldContain("recognises Priya Nair");
        (await app.WithDbAsync(db => db.ChatPosts.CountAsync(p => p.ProgramId == program.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task A_post_the_chat_keeps_refusing_fails_visibly_and_an_admin_can_retry_it()
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var (program, path) = await ProgramWithChatAsync(ChatService.Slack);
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(app, mentor);
        await LogShoutOutAsync(browser, program, colleague, post: true);

        _chat.FailNext(ChatPost.MaxAttempts);
        for (var attempt = 0; attempt < ChatPost.MaxAttempts; attempt++)
        {
            await DispatchAsync();
            app.Clock.Advance(TimeSpan.FromHours(1));
        }

        var post = await app.WithDbAsync(db => db.ChatPosts.AsNoTracking().SingleAsync(p => p.ProgramId == program.Id));
        post.Status.ShouldBe(ChatPostStatus.Failed);
        post.LastError.ShouldNotBeNull().ShouldContain("500");

        // The mentor hears of it where he looks (issue 35): on This week beside the shout-out, and on its own page, with what to do.
        var week = await browser.GetPageAsync($"/week?program={program.Id}");
        var said = week.QuerySelector(".action-list .chat-problem").ShouldNotBeNull("This week says the post failed").TextContent;
        said.ShouldContain("Not posted in #kudos");
        said.ShouldContain("Give the shout-out there yourself");
        var action = await browser.GetPageAsync($"/actions/{post.ActionId}");
        action.QuerySelector("#chat-problem").ShouldNotBeNull().TextContent.ShouldContain($"refused it {ChatPost.MaxAttempts} times");

        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/emails");
        page.QuerySelector("#chat-posts")!.TextContent!.ShouldContain($"Failed after {ChatPost.MaxAttempts} attempts");
        (await admin.SubmitAsync("/admin/emails", $"Retry the shout-out in {program.Name}"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DispatchAsync()).ShouldBe(1);
        _chat.Accepted(path).ShouldHaveSingleItem();
        (await browser.GetPageAsync($"/week?program={program.Id}")).QuerySelector(".chat-problem").ShouldBeNull("posted at last: nothing more to say");
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
    }

    [Fact]
    public async Task The_webhook_is_stored_encrypted_and_shown_masked()
    {
        var program = await _data.ProgramAsync();
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var edit = $"/admin/programs/{program.Id}/edit";
        var fields = new Dictionary<string, string?>();
        const string secret = "https://hooks.slack.com/services/T000/B000/SECRETxyz9";
        fields["Input.ChatWebhookUrl"] = secret;
        fields["Input.ChatService"] = "Slack";
        fields["Input.ChatChannel"] = "#wins";
        var saved = await admin.SubmitAsync(edit, "Save settings", fields);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());

        var stored = await app.WithDbAsync(db => db.Programs.AsNoTracking().Where(p => p.Id == program.Id).Select(p => p.ChatWebhook).SingleAsync());
        stored.ShouldNotBeNull().ShouldNotContain("SECRET");
        app.Services.GetRequiredService<ChatWebhooks>().Unprotect(stored).ShouldBe(secret);
        var again = await admin.Client.GetStringAsync(new Uri(edit, UriKind.Relative));
        again.ShouldNotContain("SECRETxyz9");
        (await admin.GetPageAsync(edit)).QuerySelector("#saved-webhook code")!.TextContent.ShouldBe("https://hooks.slack.com/…xyz9");

        fields["Input.ChatWebhookUrl"] = "ftp://example.org/hook";
        var refused = await admin.SubmitAsync(edit, "Save settings", fields);
        (await Browser.ParseAsync(refused)).QuerySelector("#ChatWebhookUrl-error")!.TextContent.ShouldContain("https://");
    }
}
