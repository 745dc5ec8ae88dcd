using Allyship.Web.Features.Notifications;

namespace Allyship.UnitTests;

/// <summary>What a browser's push subscription must be before the server keeps it and posts to it (issue 41).</summary>
public sealed class PushRulesTests
{
    private static readonly PushOptions Shipped = new();

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b")]
    [InlineData("https://updates.push.services.mozilla.com/wpush/v2/gAAAAAB")]
    [InlineData("https://web.push.apple.com/QGuQyavXutnMH")]
    [InlineData("https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD")]
    public void The_browsers_push_services_are_accepted(string endpoint) => PushRules.CheckEndpoint(endpoint, Shipped).ShouldBeNull();

    [Theory]
    [InlineData("https://intranet.example.org/admin/delete")] // not a push service: the server would post wherever a person typed
    [InlineData("http://fcm.googleapis.com/fcm/send/x")] // not https
    [InlineData("https://fcm.googleapis.com:8443/fcm/send/x")] // another port
    [InlineData("https://user:pw@fcm.googleapis.com/fcm/send/x")]
    [InlineData("https://fcm.googleapis.com.example.org/x")]
    [InlineData("https://push.apple.com/x")] // "*." is a name under it, never the bare name
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("http://127.0.0.1:9000/push/x")] // only with Push:LocalPushServices (tests)
    [InlineData("")]
    [InlineData("not a url")]
    public void Anything_else_is_refused(string endpoint) => PushRules.CheckEndpoint(endpoint, Shipped).ShouldNotBeNull();

    [Fact]
    public void The_local_switch_lets_the_tests_stand_in_on_this_machine_only()
    {
        var local = new PushOptions { LocalPushServices = true };
        PushRules.CheckEndpoint("http://127.0.0.1:9000/push/x", local).ShouldBeNull();
        PushRules.CheckEndpoint("http://10.0.0.5:9000/push/x", local).ShouldNotBeNull();
    }

    [Fact]
    public void An_operator_may_add_a_push_service()
    {
        var company = new PushOptions { AllowedHosts = ["push.example.org"] };
        PushRules.CheckEndpoint("https://push.example.org/s/1", company).ShouldBeNull();
        PushRules.CheckEndpoint("https://push.example.org/s/1", Shipped).ShouldNotBeNull();
    }

    [Fact]
    public void The_keys_must_be_what_a_browser_gives()
    {
        using var browser = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var q = browser.ExportParameters(false).Q;
        var key = System.Buffers.Text.Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]);
        var auth = System.Buffers.Text.Base64Url.EncodeToString(new byte[16]);
        PushRules.KeysAreValid(key, auth).ShouldBeTrue();
        PushRules.KeysAreValid(System.Buffers.Text.Base64Url.EncodeToString([0x04, .. new byte[64]]), auth).ShouldBeFalse("65 bytes, but no point on the curve: every send would fail");
        PushRules.KeysAreValid(key, System.Buffers.Text.Base64Url.EncodeToString(new byte[8])).ShouldBeFalse();
        PushRules.KeysAreValid(System.Buffers.Text.Base64Url.EncodeToString(new byte[65]), auth).ShouldBeFalse("not an uncompressed point");
        PushRules.KeysAreValid("!!not base64!!", auth).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux")]
    [InlineData("", "A browser")]
    public void A_device_is_named_as_its_person_would(string userAgent, string name) => PushRules.Describe(PushRules.DeviceLabel(userAgent)).ShouldBe(name);
}
