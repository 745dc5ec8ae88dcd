using System.Collections.Concurrent;
using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests.Security;

/// <summary>
/// The app as these tests need it: an operator added one host to the allow-list; names resolve through
/// <see cref="TestNameResolver"/> (to loopback, or not at all: no name reaches a DNS server); and every request the
/// app's HTTP clients make passes a guard that lets only loopback and those names through (so nothing here can leave
/// the machine, whatever the code under test does).
/// </summary>
public sealed class WebhookApp : AppFixtureBase
{
    public const string OperatorHost = "chat.allyship.test";

    public WebhookApp() => Settings["Chat:AllowedHosts:0"] = OperatorHost;

    /// <summary>Requests that reached the guard with a target other than 127.0.0.1 or ::1 (and were stopped there).</summary>
    public ConcurrentQueue<Uri> Stopped { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<ChatNameResolver>();
            services.AddSingleton<ChatNameResolver>(Names);
            services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LoopbackOnly(Stopped)));
        });
    }

    public TestNameResolver Names { get; } = new();

    /// <summary>Names the app may look up in these tests, each mapped to a loopback address (DNS rebinding, in short).</summary>
    public sealed class TestNameResolver : ChatNameResolver
    {
        public static readonly IReadOnlyDictionary<string, IPAddress[]> Map = new Dictionary<string, IPAddress[]>(StringComparer.OrdinalIgnoreCase)
        {
            [OperatorHost] = [IPAddress.Loopback],
            ["hooks.slack.com"] = [IPAddress.Loopback],
            ["rebound.webhook.office.com"] = [IPAddress.Parse("::ffff:127.0.0.1")],
            ["twice.logic.azure.com"] = [IPAddress.IPv6Loopback, IPAddress.Loopback],
        };

        public ConcurrentQueue<string> Lookups { get; } = new();

        public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
        {
            Lookups.Enqueue(host);
            return Map.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
        }
    }

    private sealed class LoopbackOnly(ConcurrentQueue<Uri> stopped) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri!.IdnHost;
            if (!TestNameResolver.Map.ContainsKey(host) && (!IPAddress.TryParse(host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address)))
            {
                stopped.Enqueue(request.RequestUri);
                throw new HttpRequestException("the test guard stopped a request that would have left the machine");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Issue 31, finding 4: a program's webhook goes only to a chat service, never inside the network.</summary>
public sealed class WebhookTargetTests(WebhookApp app, ITestOutputHelper output) : IClassFixture<WebhookApp>, IAsyncLifetime
{
    private readonly TestData _data = new(app.LogTo(output));
    private readonly TestWebhookServer _chat = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    /// <summary>Every form the issue names, and a few neighbours.</summary>
    public static TheoryData<string> Refused => new()
    {
        "http://hooks.slack.com/services/T000/B000/XXXX",
        "https://hooks.slack.com:8443/services/T000/B000/XXXX",
        "https://user:pass@hooks.slack.com/services/T000/B000/XXXX",
        "https://evil.example/hooks/slack",
        "https://hooks.slack.com.evil.example/services/T000",
        "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://10.0.0.5/",
        "https://192.168.1.1:8443/",
        "https://[fd00::5]/hook",
        "https://[::ffff:10.0.0.5]/hook",
        "https://jenkins.corp.internal/hook",
        "https://intranet/hook",
        "https://localhost/hook",
        "ftp://hooks.slack.com/services/T000",
    };

    private async Task<(Browser Admin, string Edit)> EditFormAsync(PledgeProgram program) =>
        (await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin)), $"/admin/programs/{program.Id}/edit");

    /// <summary>The program's settings form as the page renders it, with the webhook typed in, saved with its own button.</summary>
    private static Task<HttpResponseMessage> SaveWebhookAsync(Browser admin, string edit, string url, string service) =>
        admin.SubmitAsync(edit, "Save settings", new() { ["Input.ChatWebhookUrl"] = url, ["Input.ChatService"] = service });

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_admin_cannot_save_a_webhook_outside_the_chat_services(string url)
    {
        var program = await _data.ProgramAsync();
        var (admin, edit) = await EditFormAsync(program);

        var response = await SaveWebhookAsync(admin, edit, url, "Slack");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, "refused: the form again, with a sentence");
        var error = (await Browser.ParseAsync(response)).QuerySelector("#ChatWebhookUrl-error").ShouldNotBeNull().TextContent;
        output.WriteLine(error);
        error.ShouldNotContain(new Uri(url).Host);
        (await app.WithDbAsync(db => db.Programs.AsNoTracking().Where(p => p.Id == program.Id).Select(p => p.ChatWebhook).SingleAsync())).ShouldBeNull();
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXXabcd", "Slack")]
    [InlineData("https://contoso.webhook.office.com/webhookb2/0000@0000/IncomingWebhook/abcd/0000", "Teams")]
    [InlineData("https://prod-23.westeurope.logic.azure.com:443/workflows/0000/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abcd", "Teams")]
    [InlineData("https://default0000.00.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/0000/triggers/manual/paths/invoke?sig=abcd", "Teams")]
    [InlineData("https://chat.allyship.test/hooks/abcd", "Slack")]
    public async Task Slack_teams_workflow_and_operator_hosts_are_saved_and_the_field_says_where_webhooks_may_go(string url, string service)
    {
        var program = await _data.ProgramAsync();
        var (admin, edit) = await EditFormAsync(program);
        var hint = (await admin.GetPageAsync(edit)).QuerySelector("#chat-webhook-hint").ShouldNotBeNull().TextContent;
        hint.ShouldContain("hooks.slack.com");
        hint.ShouldContain("webhook.office.com");
        hint.ShouldContain(WebhookApp.OperatorHost);

        var response = await SaveWebhookAsync(admin, edit, url, service);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var stored = await app.WithDbAsync(db => db.Programs.AsNoTracking().Where(p => p.Id == program.Id).Select(p => p.ChatWebhook).SingleAsync());
        app.Services.GetRequiredService<ChatWebhooks>().Unprotect(stored).ShouldBe(url);
    }

    /// <summary>A webhook saved before these rules (or written into the database) is checked again when a post is sent.</summary>
    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_stored_webhook_outside_the_chat_services_is_refused_when_sending_before_any_connection(string url)
    {
        var stoppedBefore = app.Stopped.Count;

        var post = await DispatchOneAsync(url);

        post.Status.ShouldNotBe(ChatPostStatus.Sent);
        var error = post.LastError.ShouldNotBeNull();
        output.WriteLine(error);
        error.ShouldContain("not a Slack or Teams webhook");
        error.ShouldNotContain(new Uri(url).Host);
        app.Stopped.Count.ShouldBe(stoppedBefore, "refused before any request was made");
    }

    /// <summary>
    /// Allowed names (the operator's, Slack's, Teams') that resolve to loopback when the post is sent — plainly, as an
    /// IPv4-mapped address, or as one of two answers — pass the URL check and are refused at connect time, before a
    /// socket is opened.
    /// </summary>
    [Theory]
    [InlineData("https://chat.allyship.test/hooks/abcd")]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXX")]
    [InlineData("https://rebound.webhook.office.com/webhookb2/abcd")]
    [InlineData("https://twice.logic.azure.com:443/workflows/abcd/triggers/manual/paths/invoke?sig=x")]
    public async Task An_allowed_name_that_resolves_to_loopback_is_refused_when_connecting(string url)
    {
        var host = new Uri(url).Host;
        app.Services.GetRequiredService<ChatWebhooks>().Check(url).ShouldBeNull("the URL itself is allowed: only its address is wrong");

        var post = await DispatchOneAsync(url);

        app.Names.Lookups.ShouldContain(host, "resolved by the app when connecting");
        post.Status.ShouldNotBe(ChatPostStatus.Sent);
        var error = post.LastError.ShouldNotBeNull();
        output.WriteLine(error);
        error.ShouldContain("private or local network");
        error.ShouldNotContain(host);
        error.ShouldNotContain("127.0.0.1");
        error.ShouldNotContain("443");
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failure()
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        var elsewhere = $"/elsewhere/{Guid.NewGuid():N}";
        _chat.RedirectNext(1, _chat.Url(elsewhere));

        var post = await DispatchOneAsync(_chat.Url(path));

        _chat.Requests.Count(r => r.Path == path).ShouldBe(1);
        _chat.Requests.ShouldNotContain(r => r.Path == elsewhere, "the 307 would have re-posted the body there");
        post.Status.ShouldNotBe(ChatPostStatus.Sent);
        var error = post.LastError.ShouldNotBeNull();
        error.ShouldContain("redirect");
        error.ShouldNotContain("127.0.0.1");
        error.ShouldNotContain(_chat.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_refused_connection_is_shown_to_admins_without_host_or_port()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: "Connection refused (127.0.0.1:port)" today

        var post = await DispatchOneAsync($"http://127.0.0.1:{port}/hook");

        var error = post.LastError.ShouldNotBeNull();
        output.WriteLine(error);
        error.ShouldNotContain("127.0.0.1");
        error.ShouldNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var page = (await admin.GetPageAsync("/admin/emails")).QuerySelector("#chat-posts").ShouldNotBeNull().TextContent;
        page.ShouldNotContain($"127.0.0.1:{port}");
    }

    /// <summary>A program with <paramref name="url"/> stored as its webhook (no save-time check), a ticked shout-out logged through the form, one dispatcher run.</summary>
    private async Task<ChatPost> DispatchOneAsync(string url)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var webhooks = app.Services.GetRequiredService<ChatWebhooks>();
        var program = await _data.ProgramAsync(configure: p => (p.ChatService, p.ChatChannel, p.ChatWebhook) = (ChatService.Slack, "#kudos", webhooks.Protect(url)));
        var mentor = await _data.MentorAsync(program);
        var colleague = await _data.ColleagueAsync("Amara Okafor");
        var browser = await Browser.SignedInAsync(app, mentor);
        var formPage = $"/log/shout-out?program={program.Id}";
        (await browser.SubmitAsync(formPage, "Log shout-out", new()
        {
            ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Achievement"] = "shipped the billing service",
            ["Input.PostToChat"] = "true",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await app.RunAsync<ChatDispatcher, int>(job => job.RunAsync());
        return await app.WithDbAsync(db => db.ChatPosts.AsNoTracking().SingleAsync(p => p.ProgramId == program.Id));
    }
}

/// <summary>The tests' switch for webhooks on this machine cannot be on in Production: start-up stops, naming it.</summary>
public sealed class ChatSettingsTests
{
    private sealed class ProductionApp(string keep) : AppFixtureBase
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder); // sets Chat:LocalWebhooks=true and Push:LocalPushServices=true, as for every test app
            builder.UseSetting(keep == "Chat:LocalWebhooks" ? "Push:LocalPushServices" : "Chat:LocalWebhooks", "false");
            builder.UseEnvironment("Production");
        }
    }

    [Fact]
    public async Task Local_webhooks_stop_start_up_in_production()
    {
        await using var app = new ProductionApp("Chat:LocalWebhooks");

        var refused = Should.Throw<Exception>(() => app.CreateClient());

        refused.ToString().ShouldContain("Chat:LocalWebhooks lets chat posts go to this machine");
    }

    [Fact]
    public async Task Local_push_services_stop_start_up_in_production()
    {
        await using var app = new ProductionApp("Push:LocalPushServices");

        var refused = Should.Throw<Exception>(() => app.CreateClient());

        refused.ToString().ShouldContain("Push:LocalPushServices lets notifications go to this machine");
    }
}
