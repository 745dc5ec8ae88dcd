using System.Security.Cryptography;
using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.ChatApps;

namespace Allyship.UnitTests;

/// <summary>How Slack's and Teams' requests are checked, and how a Teams message reads as a log.</summary>
public sealed class ChatAppRulesTests
{
    // The worked example in Slack's "Verifying requests from Slack".
    private const string SlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string SlackTimestamp = "1531420618";
    private const string SlackBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string SlackSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset SlackSent = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Slacks_own_example_verifies()
    {
        ChatAppSignatures.SlackSignature(SlackSecret, SlackTimestamp, Encoding.UTF8.GetBytes(SlackBody)).ShouldBe(SlackSignature);
        ChatAppSignatures.IsSlackRequest(SlackSecret, SlackTimestamp, SlackSignature, Encoding.UTF8.GetBytes(SlackBody), SlackSent.AddMinutes(4)).ShouldBeTrue();
    }

    [Fact]
    public void A_slack_request_more_than_five_minutes_old_or_changed_in_any_way_is_refused()
    {
        var body = Encoding.UTF8.GetBytes(SlackBody);
        ChatAppSignatures.IsSlackRequest(SlackSecret, SlackTimestamp, SlackSignature, body, SlackSent.AddMinutes(5).AddSeconds(1)).ShouldBeFalse("a replay");
        ChatAppSignatures.IsSlackRequest(SlackSecret, SlackTimestamp, SlackSignature, body, SlackSent.AddMinutes(-6)).ShouldBeFalse("from the future");
        ChatAppSignatures.IsSlackRequest(SlackSecret, "1531420619", SlackSignature, body, SlackSent).ShouldBeFalse("another timestamp");
        ChatAppSignatures.IsSlackRequest(SlackSecret, SlackTimestamp, SlackSignature, Encoding.UTF8.GetBytes(SlackBody.Replace("text=", "text=x", StringComparison.Ordinal)), SlackSent).ShouldBeFalse("another body");
        ChatAppSignatures.IsSlackRequest("another-secret", SlackTimestamp, SlackSignature, body, SlackSent).ShouldBeFalse("another secret");
        ChatAppSignatures.IsSlackRequest(SlackSecret, SlackTimestamp, SlackSignature.ToUpperInvariant(), body, SlackSent).ShouldBeFalse("not as Slack writes it");
        ChatAppSignatures.IsSlackRequest(SlackSecret, SlackTimestamp, null, body, SlackSent).ShouldBeFalse("unsigned");
        ChatAppSignatures.IsSlackRequest(SlackSecret, "soon", SlackSignature, body, SlackSent).ShouldBeFalse("no timestamp");
        ChatAppSignatures.IsSlackRequest(null, SlackTimestamp, SlackSignature, body, SlackSent).ShouldBeFalse("no secret set: nothing passes");
    }

    [Fact]
    public void A_teams_request_carries_the_base64_hmac_of_its_body_under_the_security_token()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var token = Convert.ToBase64String(key);
        var body = Encoding.UTF8.GetBytes("""{"type":"message","text":"<at>Allyship</at> coffee with Dana 30"}""");
        var header = "HMAC " + Convert.ToBase64String(HMACSHA256.HashData(key, body));

        ChatAppSignatures.IsTeamsRequest(token, header, body).ShouldBeTrue();
        ChatAppSignatures.IsTeamsRequest(token, header, [.. body, (byte)' ']).ShouldBeFalse();
        ChatAppSignatures.IsTeamsRequest(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), header, body).ShouldBeFalse();
        ChatAppSignatures.IsTeamsRequest(token, null, body).ShouldBeFalse();
        ChatAppSignatures.IsTeamsRequest("not base64!", header, body).ShouldBeFalse();
    }

    [Theory]
    [InlineData("coffee with Dana 30", ActionKind.Coffee, "Dana", 30, null, null)]
    [InlineData("Coffee with Dana Lee", ActionKind.Coffee, "Dana Lee", null, null, null)]
    [InlineData("coffee Dana Lee 45 min", ActionKind.Coffee, "Dana Lee", 45, null, null)]
    [InlineData("shoutout Chen for the launch", ActionKind.ShoutOut, "Chen", null, "the launch", null)]
    [InlineData("shout-out Chen Wu", ActionKind.ShoutOut, "Chen Wu", null, null, null)]
    [InlineData("sponsor Dana to Helen for the launch", ActionKind.SponsorNote, "Dana", null, "the launch", "Helen")]
    [InlineData("sponsor note Dana to Helen Park about the billing migration", ActionKind.SponsorNote, "Dana", null, "the billing migration", "Helen Park")]
    public void A_teams_message_reads_as_a_log(string text, ActionKind kind, string colleague, int? minutes, string? detail, string? leader)
    {
        TeamsCommand.Parse(text).ShouldBe(new TeamsCommand.Parsed(kind, colleague, minutes, detail, leader));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("coffee")]
    [InlineData("sponsor Dana")]
    public void Anything_else_is_answered_with_help(string text) => TeamsCommand.Parse(text).ShouldBeNull();

    [Fact]
    public void The_mention_of_the_app_and_teams_markup_are_taken_out_of_the_message()
    {
        TeamsCommand.Plain("<at>Allyship</at> coffee with <b>Dana</b>&nbsp;30\n").ShouldBe("coffee with Dana 30");
        SlackText.Plain("<@U123> shipped <https://example.org|the launch> &amp; more").ShouldBe("shipped the launch & more");
    }

    [Fact]
    public void A_call_waits_one_two_four_minutes_between_attempts_and_at_most_an_hour() =>
        Enumerable.Range(1, 8).Select(a => ChatCall.Backoff(a).TotalMinutes).ShouldBe([1, 2, 4, 8, 16, 32, 60, 60]);
}
