using System.Net;
using Allyship.Web.Features.Chat;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Allyship.UnitTests;

/// <summary>Issue 31: where a chat webhook may point, which addresses it may reach, and chat text as text.</summary>
public sealed class ChatRulesTests
{
    private static readonly IReadOnlyList<string> Hosts = [.. WebhookRules.ChatServiceHosts, "chat.example.org"];

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXX")]
    [InlineData("https://HOOKS.SLACK.COM/services/T000/B000/XXXX")]
    [InlineData("https://hooks.slack.com:443/services/T000/B000/XXXX")]
    [InlineData("https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d")]
    [InlineData("https://prod-23.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x")]
    [InlineData("https://default0000.00.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?sig=x")]
    [InlineData("https://chat.example.org/hook")]
    public void Chat_service_webhooks_are_accepted(string url) => WebhookRules.Check(url, Hosts).ShouldBeNull();

    [Theory]
    [InlineData("http://hooks.slack.com/services/T000/B000/XXXX", "https://")]
    [InlineData("ftp://hooks.slack.com/services/T000", "https://")]
    [InlineData("hooks.slack.com/services/T000", "https://")]
    [InlineData("", "https://")]
    [InlineData("https://hooks.slack.com:8443/services/T000", "port")]
    [InlineData("https://hooks.slack.com:80/services/T000", "port")]
    [InlineData("https://user:pass@hooks.slack.com/services/T000", "user name or password")]
    [InlineData("https://user@hooks.slack.com/services/T000", "user name or password")]
    [InlineData("https://evil.example/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://hooks.slack.com.evil.example/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://evilhooks.slack.com/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://webhook.office.com/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://office.com.webhook.office.com.evil.example/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "Only Slack and Microsoft Teams")]
    [InlineData("https://10.0.0.5/", "Only Slack and Microsoft Teams")]
    [InlineData("https://192.168.1.1:8443/", "port")]
    [InlineData("https://[::1]/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://127.0.0.1/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://localhost/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://intranet/hook", "Only Slack and Microsoft Teams")]
    [InlineData("https://jenkins.corp.internal/hook", "Only Slack and Microsoft Teams")]
    public void Other_webhooks_are_refused_with_a_sentence_that_names_no_host(string url, string says)
    {
        var error = WebhookRules.Check(url, Hosts).ShouldNotBeNull();
        error.ShouldContain(says);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            error.Replace(WebhookRules.Describe(Hosts), "", StringComparison.Ordinal).ShouldNotContain(uri.Host, Case.Insensitive, "the allowed hosts may be listed, the typed one never");
        }
    }

    [Fact]
    public void A_local_exception_is_only_what_the_caller_says_it_is()
    {
        WebhookRules.Check("http://127.0.0.1:5409/hook", Hosts).ShouldNotBeNull();
        WebhookRules.Check("http://127.0.0.1:5409/hook", Hosts, _ => true).ShouldBeNull();
        WebhookRules.Check("http://127.0.0.1:5409/hook", Hosts, _ => false).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("::10.0.0.5")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void Internal_addresses_are_not_public(string address) => WebhookRules.IsPublic(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("3.5.140.2")]
    [InlineData("52.96.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("192.169.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2600:1f18::1")]
    [InlineData("::ffff:52.96.0.1")]
    public void Public_addresses_are_public(string address) => WebhookRules.IsPublic(IPAddress.Parse(address)).ShouldBeTrue();

    [Fact]
    public void A_name_is_refused_when_any_of_its_addresses_is_internal()
    {
        var pub = IPAddress.Parse("52.96.0.1");
        WebhookConnector.Allowed([pub], localTarget: false).ShouldBeTrue();
        WebhookConnector.Allowed([pub, IPAddress.Loopback], localTarget: false).ShouldBeFalse();
        WebhookConnector.Allowed([IPAddress.Parse("::ffff:127.0.0.1")], localTarget: false).ShouldBeFalse();
        WebhookConnector.Allowed([], localTarget: false).ShouldBeFalse();
        WebhookConnector.Allowed([IPAddress.Loopback, IPAddress.IPv6Loopback], localTarget: true).ShouldBeTrue();
        WebhookConnector.Allowed([IPAddress.Loopback, pub], localTarget: true).ShouldBeFalse("a local exception reaches loopback only");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Local_webhooks_stop_start_up_outside_development_and_testing(string environment)
    {
        var problem = ChatOptions.Problems(new ChatOptions { LocalWebhooks = true }, environment).ShouldHaveSingleItem();
        problem.ShouldContain("Chat:LocalWebhooks");
        ChatOptions.Problems(new ChatOptions { LocalWebhooks = true }, "Development").ShouldBeEmpty();
        ChatOptions.Problems(new ChatOptions { LocalWebhooks = true }, "Testing").ShouldBeEmpty();
        ChatOptions.Problems(new ChatOptions(), environment).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("https://chat.example.org")]
    [InlineData("chat.example.org:8443")]
    [InlineData("10.0.0.5")]
    [InlineData("*.com")]
    [InlineData("*")]
    [InlineData("chat.example.org/hooks")]
    public void Allowed_hosts_must_be_host_names(string host) =>
        ChatOptions.Problems(new ChatOptions { AllowedHosts = [host] }, "Production").ShouldHaveSingleItem().ShouldContain("Chat:AllowedHosts");

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void A_timeout_outside_a_second_to_a_minute_stops_start_up(int seconds)
    {
        ChatOptions.Problems(new ChatOptions { TimeoutSeconds = seconds }, "Production").ShouldHaveSingleItem().ShouldContain("Chat:TimeoutSeconds");
        ChatOptions.Problems(new ChatOptions { TimeoutSeconds = ChatOptions.MaxTimeoutSeconds }, "Production").ShouldBeEmpty();
        TimeSpan.FromSeconds(ChatOptions.MaxTimeoutSeconds).ShouldBeLessThan(ChatDispatcher.Claim, "a claim outlasts the longest wait for an answer");
    }

    [Fact]
    public void Allowed_hosts_may_be_names_wildcards_or_a_comma_separated_list()
    {
        var options = new ChatOptions { AllowedHosts = ["Chat.Example.org", "*.hooks.example.org, other.example.net"] };
        ChatOptions.Problems(options, "Production").ShouldBeEmpty();
        options.Hosts.ShouldBe(["chat.example.org", "*.hooks.example.org", "other.example.net"]);
    }

    [Fact]
    public void Slack_text_escapes_its_three_control_characters_and_nothing_else()
    {
        ChatText.ForSlack("<!channel> @here <!everyone> <@U024BE7LH> <https://evil.example/login|Payroll> Tom & Jerry *bold*")
            .ShouldBe("&lt;!channel&gt; @here &lt;!everyone&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example/login|Payroll&gt; Tom &amp; Jerry *bold*");
        ChatText.ForSlack("&lt;!channel&gt;").ShouldBe("&amp;lt;!channel&amp;gt;", "an entity typed by a person stays text too");
    }

    [Fact]
    public void Teams_text_escapes_markdown_control_characters()
    {
        ChatText.ForTeams("[Payroll](https://evil.example/login) **now** _today_ `code` # - 1. \\")
            .ShouldBe(@"\[Payroll\]\(https://evil\.example/login\) \*\*now\*\* \_today\_ \`code\` \# \- 1\. \\");
        ChatText.ForTeams("Amara Okafor shipped it").ShouldBe("Amara Okafor shipped it");
    }

    private static ChatWebhooks Webhooks(string environment, bool localWebhooks = false) => new(
        new EphemeralDataProtectionProvider(),
        Options.Create(new ChatOptions { LocalWebhooks = localWebhooks }),
        new Environment(environment),
        Options.Create(new AppOptions { BaseUrl = "http://localhost:5080" }));

    [Fact]
    public void The_development_stand_in_is_allowed_in_development_only_and_only_its_path()
    {
        const string standIn = "http://localhost:5080" + ChatWebhooks.DevelopmentPath;
        Webhooks("Development").Check(standIn).ShouldBeNull();
        Webhooks("Development").IsLocalTarget("localhost", 5080).ShouldBeTrue();
        Webhooks("Development").Check("http://localhost:5080/admin/users").ShouldNotBeNull();
        Webhooks("Development").Check("http://localhost:5081" + ChatWebhooks.DevelopmentPath).ShouldNotBeNull();
        Webhooks("Development").Check("http://127.0.0.1:5409/hook").ShouldNotBeNull("loopback literals need Chat:LocalWebhooks");
        Webhooks("Production").Check(standIn).ShouldNotBeNull();
        Webhooks("Production").IsLocalTarget("localhost", 5080).ShouldBeFalse();
        Webhooks("Testing").Check(standIn).ShouldNotBeNull();
    }

    [Fact]
    public void Local_webhooks_reach_loopback_literals_only_and_never_in_production()
    {
        var testing = Webhooks("Testing", localWebhooks: true);
        testing.Check("http://127.0.0.1:5409/hook").ShouldBeNull();
        testing.Check("http://[::1]:5409/hook").ShouldBeNull();
        testing.IsLocalTarget("127.0.0.1", 5409).ShouldBeTrue();
        testing.Check("http://localhost:5409/hook").ShouldNotBeNull("a name is resolved and checked, never an exception");
        testing.Check("http://user:pass@127.0.0.1:5409/hook").ShouldNotBeNull();
        testing.Check("http://10.0.0.5:5409/hook").ShouldNotBeNull();
        testing.IsLocalTarget("localhost", 5409).ShouldBeFalse();

        // Start-up refuses the setting in Production; were it read anyway, it would still do nothing there.
        var production = Webhooks("Production", localWebhooks: true);
        production.Check("http://127.0.0.1:5409/hook").ShouldNotBeNull();
        production.IsLocalTarget("127.0.0.1", 5409).ShouldBeFalse();
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Allyship.Web";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
