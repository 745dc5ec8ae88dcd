using System.Net;
using Allyship.Web.Data;
using Allyship.Web.Features.Notifications;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Features.Voice;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>
/// Notifications (issue 41): turned on from Settings through the page's own form (its script fills in what the browser
/// gave), reminders and a colleague's confirmation sent through the push outbox to a push service on this machine, which
/// the test decrypts as the phone would; an ended subscription removed.
/// </summary>
public sealed class PushNotificationTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const string AndroidChrome = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

    private readonly TestData _data = new(app.LogTo(output));
    private readonly TestPushService _push = new();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await _push.DisposeAsync();

    private async Task<Browser> TurnedOnAsync(TestUser mentor, TestPushService.Subscriber phone, bool instead)
    {
        var browser = await Browser.SignedInAsync(app, mentor);
        browser.Client.DefaultRequestHeaders.UserAgent.ParseAdd(AndroidChrome);
        var page = await browser.GetPageAsync("/preferences");
        page.QuerySelector("#push-on")!.GetAttribute("data-key").ShouldBe(await ServerKeyAsync());
        var on = await browser.SubmitAsync(page, "/preferences", "Turn on notifications", within: "#notifications", scripted: phone.FormFields);
        on.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        on.Headers.Location!.OriginalString.ShouldBe("/preferences#notifications");
        (await browser.SubmitAsync("/preferences", "Save settings", new() { ["Input.NotificationsInsteadOfEmail"] = instead ? "true" : "false" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    private Task<string> ServerKeyAsync() => app.WithDbAsync(db => db.ServerKeys.Where(k => k.Name == ServerKey.Vapid).Select(k => k.PublicValue).SingleAsync());

    private async Task RemindAndSendAsync()
    {
        await app.RunAsync<ReminderJob, int>(job => job.QueueDueAsync());
        await app.RunAsync<PushDispatcher, int>(job => job.SendDueAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.DispatchAsync());
    }

    [Fact]
    public async Task The_key_pair_is_made_on_first_start_and_kept_protected()
    {
        var row = await app.WithDbAsync(db => db.ServerKeys.AsNoTracking().SingleAsync(k => k.Name == ServerKey.Vapid));
        System.Buffers.Text.Base64Url.DecodeFromChars(row.PublicValue).Length.ShouldBe(65);
        row.ProtectedValue.Length.ShouldBeGreaterThan(60, "the private key is kept protected, not as its 43 characters");
        var (publicKey, privateKey) = await app.RunAsync<VapidKeys, (string, string)>(keys => keys.GetAsync());
        publicKey.ShouldBe(row.PublicValue);
        row.ProtectedValue.ShouldNotContain(privateKey);
    }

    [Fact]
    public async Task Turned_on_in_settings_the_reminder_arrives_once_as_a_notification_the_phone_decrypts_and_no_email()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        using var phone = _push.Subscribe();
        var browser = await TurnedOnAsync(mentor, phone, instead: true);

        var settings = await browser.GetPageAsync("/preferences");
        settings.QuerySelector("#notifications .device-list")!.TextContent.ShouldContain("Chrome on Android");
        settings.QuerySelector("#notify-only")!.HasAttribute("checked").ShouldBeTrue();

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10)); // Wednesday 10:00 in London: the mid-week reminder
        await RemindAndSendAsync();
        var received = _push.ReceivedBy(phone).ShouldHaveSingleItem();
        phone.ShouldBeSignedBy(received, await ServerKeyAsync());
        var notification = phone.Decrypt(received);
        notification["title"]!.GetValue<string>().ShouldBe("This week: a coffee, a shout-out and a sponsor note to go");
        notification["body"]!.GetValue<string>().ShouldBe($"0 of 36 minutes so far in {program.Name}.");
        notification["url"]!.GetValue<string>().ShouldBe("/week");
        notification["tag"]!.GetValue<string>().ShouldBe(received.Topic, "the push service and the phone replace a retried copy");
        int.Parse(received.Ttl!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);

        app.Smtp.To(mentor.Email).ShouldBeEmpty("notifications instead of email");
        (await app.WithDbAsync(db => db.Emails.Where(e => e.UserId == mentor.Id).Select(e => e.Status).SingleAsync())).ShouldBe(EmailStatus.AsNotification);

        // Later runs, the same day: nothing twice, and the daily cap holds.
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 16));
        await RemindAndSendAsync();
        _push.ReceivedBy(phone).Count.ShouldBe(1);
        (await app.WithDbAsync(db => db.PushDevices.SingleAsync(d => d.UserId == mentor.Id))).LastDeliveredUtc.ShouldNotBeNull();
    }

    [Fact]
    public async Task Besides_email_both_arrive_and_a_paused_mentor_gets_neither()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var paused = await _data.MentorAsync(program);
        using var phone = _push.Subscribe();
        using var pausedPhone = _push.Subscribe();
        await TurnedOnAsync(mentor, phone, instead: false);
        var pausedBrowser = await TurnedOnAsync(paused, pausedPhone, instead: false);
        (await pausedBrowser.SubmitAsync("/preferences", "Pause reminders", new() { ["PauseUntil"] = "2026-11-29" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        await RemindAndSendAsync();
        _push.ReceivedBy(phone).ShouldHaveSingleItem();
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem();
        _push.ReceivedBy(pausedPhone).ShouldBeEmpty();
        app.Smtp.To(paused.Email).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_subscription_that_ended_is_removed_on_410_and_the_email_it_went_instead_of_is_sent()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        using var phone = _push.Subscribe();
        await TurnedOnAsync(mentor, phone, instead: true);
        _push.Answer(phone, HttpStatusCode.Gone); // the app was uninstalled, or the browser's data cleared

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        await RemindAndSendAsync();
        _push.ReceivedBy(phone).ShouldHaveSingleItem();
        (await app.WithDbAsync(db => db.PushDevices.CountAsync(d => d.UserId == mentor.Id))).ShouldBe(0);
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.DispatchAsync());
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem().Subject.ShouldStartWith("This week:");
    }

    [Fact]
    public async Task A_busy_push_service_is_tried_again_and_the_retry_carries_the_same_topic()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        using var phone = _push.Subscribe();
        await TurnedOnAsync(mentor, phone, instead: false);
        _push.Answer(phone, HttpStatusCode.ServiceUnavailable);

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        await RemindAndSendAsync();
        _push.Answer(phone, HttpStatusCode.Created);
        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10, 2));
        await app.RunAsync<PushDispatcher, int>(job => job.SendDueAsync());
        var both = _push.ReceivedBy(phone);
        both.Count.ShouldBe(2);
        both[1].Topic.ShouldBe(both[0].Topic);
        (await app.WithDbAsync(db => db.PushDeliveries.Where(d => d.UserId == mentor.Id).Select(d => d.Status).SingleAsync())).ShouldBe(PushStatus.Sent);
    }

    [Fact]
    public async Task Settings_refuse_an_address_that_is_no_push_service_and_turn_a_device_off()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);
        using var phone = _push.Subscribe();
        var crafted = new Dictionary<string, string>(phone.FormFields) { ["Endpoint"] = "https://intranet.example.org/admin/delete" };
        var refused = await browser.SubmitAsync("/preferences", "Turn on notifications", within: "#notifications", scripted: crafted);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Browser.ParseAsync(refused)).QuerySelector("#notifications [role=alert]")!.TextContent.ShouldBe("This browser's push service isn't one Allyship sends to.");
        (await app.WithDbAsync(db => db.PushDevices.CountAsync(d => d.UserId == mentor.Id))).ShouldBe(0);

        (await browser.SubmitAsync("/preferences", "Turn on notifications", within: "#notifications", scripted: phone.FormFields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.PushDevices.CountAsync(d => d.UserId == mentor.Id))).ShouldBe(1);
        (await browser.GetPageAsync("/preferences")).QuerySelector("#notifications .device-list")!.TextContent.ShouldContain("since 23 November");
        var off = await browser.SubmitAsync("/preferences", "Turn off", within: "#notifications .device-list");
        off.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.PushDevices.CountAsync(d => d.UserId == mentor.Id))).ShouldBe(0);
        (await browser.GetPageAsync("/preferences")).QuerySelector("#notification-channel").ShouldBeNull("no device, no choice about it");
    }

    [Fact]
    public async Task A_device_turned_off_before_its_notification_went_sends_the_held_email_and_a_crafted_post_turns_off_nobody_elses()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var other = await _data.MentorAsync(program);
        using var phone = _push.Subscribe();
        await TurnedOnAsync(mentor, phone, instead: true);
        var device = await app.WithDbAsync(db => db.PushDevices.Where(d => d.UserId == mentor.Id).Select(d => d.Id).SingleAsync());

        // Another mentor cannot turn hers off, whatever id she posts (a crafted post: no page offers it).
        var stranger = await Browser.SignedInAsync(app, other);
        (await stranger.PostCraftedAsync("/preferences?handler=TurnOffNotifications", new Dictionary<string, string?> { ["DeviceId"] = device.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            tokenFrom: "/preferences")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.PushDevices.CountAsync(d => d.Id == device))).ShouldBe(1);

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        await app.RunAsync<ReminderJob, int>(job => job.QueueDueAsync());
        // Her only phone turned off while the reminder waited to go: the reminder comes by email, and "both" is back.
        var browser = await Browser.SignedInAsync(app, mentor); // two days on: signed in again
        (await browser.SubmitAsync("/preferences", "Turn off", within: "#notifications .device-list")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await app.RunAsync<PushDispatcher, int>(job => job.SendDueAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.DispatchAsync());
        _push.ReceivedBy(phone).ShouldBeEmpty();
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem().Subject.ShouldStartWith("This week:");
        (await app.WithDbAsync(db => db.MentorPreferences.Where(p => p.UserId == mentor.Id).Select(p => p.NotificationsInsteadOfEmail).SingleAsync())).ShouldBeFalse();
    }

    [Fact]
    public async Task A_reminder_in_french_for_a_mentor_who_reads_french()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 23, 9));
        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        using var phone = _push.Subscribe();
        await TurnedOnAsync(mentor, phone, instead: false);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == mentor.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, "fr")));

        app.Clock.SetUtcNow(Utc(2026, 11, 25, 10));
        await RemindAndSendAsync();
        var notification = phone.Decrypt(_push.ReceivedBy(phone).ShouldHaveSingleItem());
        notification["title"]!.GetValue<string>().ShouldStartWith("Cette semaine");
        notification["body"]!.GetValue<string>().ShouldContain(program.Name);
        app.Smtp.To(mentor.Email).ShouldHaveSingleItem().Subject.ShouldBe(notification["title"]!.GetValue<string>(), "one wording: the email's subject is the notification's title");
    }

    [Fact]
    public async Task A_colleague_confirming_the_coffee_reaches_the_mentor_as_news_once()
    {
        app.Clock.SetUtcNow(Utc(2026, 11, 16, 9));
        var program = await _data.ProgramAsync(start: new DateOnly(2026, 11, 2), configure: p => p.AskColleaguesToConfirm = true);
        var mentor = await _data.MentorAsync(program);
        var chen = await _data.ColleagueAsync("Chen Wei");
        var coffee = await _data.ActionAsync(mentor, program, chen, ActionKind.Coffee, new DateOnly(2026, 11, 17));
        using var phone = _push.Subscribe();
        await TurnedOnAsync(mentor, phone, instead: false);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 5, 30, 0, TimeSpan.Zero)); // the week has ended: she is asked
        await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(job => job.RunAsync());
        var token = await app.WithDbAsync(async db => System.Text.RegularExpressions.Regex.Match(
            await db.Emails.Where(e => e.Kind == EmailKind.Confirmation && e.ToAddress == chen.Email).Select(e => e.TextBody).SingleAsync(), "/confirm/([A-Za-z0-9_-]+)").Groups[1].Value);
        var colleague = new Browser(app.NewClient());
        var fill = new Dictionary<string, string?> { ["Answers[0].Answer"] = "happened", ["Answers[0].Usefulness"] = "4" };
        (await colleague.SubmitAsync($"/confirm/{token}", "Save my answers", fill)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // She changes her mind and back: the news went once.
        (await colleague.SubmitAsync($"/confirm/{token}?change=true", "Save my answers", new() { ["Answers[0].Answer"] = "didnt" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await colleague.SubmitAsync($"/confirm/{token}?change=true", "Save my answers", fill)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await app.RunAsync<PushDispatcher, int>(job => job.SendDueAsync());
        var notification = phone.Decrypt(_push.ReceivedBy(phone).ShouldHaveSingleItem());
        notification["title"]!.GetValue<string>().ShouldBe("Chen confirmed your coffee");
        notification["body"]!.GetValue<string>().ShouldBe("It shows as confirmed on the action.", "her answer only: how useful she found it is not the mentor's to read");
        notification["account"]!.GetValue<string>().ShouldBe(Allyship.Web.Features.Shared.InstalledApp.AccountKey(mentor.Id), "a phone another account signed in on shows none of it");
        notification["url"]!.GetValue<string>().ShouldBe($"/actions/{coffee.Id}");
    }
}
