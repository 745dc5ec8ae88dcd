using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>Issue 31, finding 5: what a mentor types reaches the channel as text, never as Slack or Teams markup.</summary>
public sealed partial class ChatTextTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const string Hostile = "<!channel> @here <!everyone> <@U024BE7LH> <https://evil.example/login|Payroll: confirm your bank details> "
        + "and [Payroll: confirm your bank details](https://evil.example/login) **now** & _today_";

    private readonly TestData _data = new(app.LogTo(output));
    private readonly TestWebhookServer _chat = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    /// <summary>A shout-out logged through the page's own form with the hostile text, posted to the program's local "chat"; what the chat received.</summary>
    private async Task<(JsonElement Body, string Mentor)> PostedAsync(ChatService service)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var path = $"/hooks/{Guid.NewGuid():N}";
        var webhooks = app.Services.GetRequiredService<ChatWebhooks>();
        var program = await _data.ProgramAsync(configure: p => (p.ChatService, p.ChatChannel, p.ChatWebhook) = (service, "#kudos", webhooks.Protect(_chat.Url(path))));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Amara Okafor");
        var browser = await Browser.SignedInAsync(app, mentor);
        var formPage = $"/log/shout-out?program={program.Id}";
        (await browser.SubmitAsync(formPage, "Log shout-out", new()
        {
            ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Achievement"] = Hostile,
            ["Input.PostToChat"] = "true",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await app.RunAsync<ChatDispatcher, int>(job => job.RunAsync())).ShouldBe(1);
        var body = _chat.Accepted(path).ShouldHaveSingleItem();
        output.WriteLine(body);
        return (JsonDocument.Parse(body).RootElement, mentor.Email);
    }

    [Fact]
    public async Task Slack_receives_mentions_and_links_as_escaped_text_with_mentions_off()
    {
        var (body, mentor) = await PostedAsync(ChatService.Slack);

        var text = body.GetProperty("text").GetString().ShouldNotBeNull();
        text.ShouldNotContain("<");
        text.ShouldNotContain(">");
        text.ShouldContain("&lt;!channel&gt; @here &lt;!everyone&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example/login|Payroll: confirm your bank details&gt;");
        text.ShouldContain("**now** &amp; _today_");
        Unslack(text).ShouldBe($"{mentor} recognises Amara Okafor: {Hostile}", "nothing lost: the same words, as text");
        body.GetProperty("link_names").GetBoolean().ShouldBeFalse();
        body.GetProperty("parse").GetString().ShouldBe("none");
        body.GetProperty("unfurl_links").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Teams_receives_markdown_links_and_emphasis_escaped()
    {
        var (body, mentor) = await PostedAsync(ChatService.Teams);

        var text = body.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString().ShouldNotBeNull();
        UnescapedMarkdown().IsMatch(text).ShouldBeFalse($"a Markdown control character without its backslash in: {text}");
        text.ShouldContain(@"\[Payroll: confirm your bank details\]\(https://evil\.example/login\)");
        Unmarkdown(text).ShouldBe($"{mentor} recognises Amara Okafor: {Hostile}", "nothing lost: the same words, as text");
    }

    private static string Unslack(string text) => text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    private static string Unmarkdown(string text) => BackslashEscape().Replace(text, "$1");

    /// <summary>Any of \ ` * _ [ ] ( ) # + - . ! &lt; &gt; | ~ { } not preceded by the backslash that makes it text.</summary>
    [GeneratedRegex(@"(?<!\\)(?:\\\\)*[`*_\[\]()#+\-.!<>|~{}]")]
    private static partial Regex UnescapedMarkdown();

    [GeneratedRegex(@"\\(\p{P}|\p{S})")]
    private static partial Regex BackslashEscape();
}
