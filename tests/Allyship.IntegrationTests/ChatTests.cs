using System.Net;
using System.Text.Json;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Shout-outs in the team's chat: through the chat outbox, exactly once, never for a colleague who asked not to be named.</summary>
public sealed class ChatTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly TestData _data = new(app.LogTo(output));
    private readonly TestWebhookServer _chat = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _chat.DisposeAsync();

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

    private Task<int> DispatchAsync() => app.RunAsync<ChatDispatcher, int>(job => job.RunAsync());

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

        // The chat is down for the first attempt: the post waits and goes on the next try.
        _chat.FailNext(1);
        (await DispatchAsync()).ShouldBe(0);
        _chat.Accepted(path).ShouldBeEmpty();
        (await DispatchAsync()).ShouldBe(0, "not due yet: it waits a minute");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await DispatchAsync()).ShouldBe(1);
        (await DispatchAsync()).ShouldBe(0, "posted: never again");

        var body = _chat.Accepted(path).ShouldHaveSingleItem();
        JsonDocument.Parse(body).RootElement.GetProperty("text").GetString()
            .ShouldBe($"{mentor.Email} recognises Amara Okafor: shipped the billing service without an outage");
        _chat.Requests.Count(r => r.Path == path).ShouldBe(2); // one refused, one accepted
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

        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = await admin.GetPageAsync("/admin/emails");
        page.QuerySelector("#chat-posts")!.TextContent!.ShouldContain($"Failed after {ChatPost.MaxAttempts} attempts");
        (await admin.SubmitAsync("/admin/emails", $"Retry the shout-out in {program.Name}"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DispatchAsync()).ShouldBe(1);
        _chat.Accepted(path).ShouldHaveSingleItem();
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
