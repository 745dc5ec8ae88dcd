using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Hangfire;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Notifications;

/// <summary>
/// Sends the push outbox: each <see cref="PushDelivery"/> is claimed (Sending, in a commit of its own) before its request
/// leaves, encrypted for its device (RFC 8291, aes128gcm) and signed with the server's VAPID key (RFC 8292). The push
/// service's answer decides: 201, Sent; 404 or 410, the subscription has ended: the device is removed; 429 or 5xx, or no
/// connection, it waits (1, 2, 4… minutes, or Retry-After) and goes again, up to <see cref="PushDelivery.MaxAttempts"/>;
/// other refusals, Failed. No answer is retried too, unlike an email: the retry carries the same Web Push topic and the
/// same notification tag, so the push service and the phone replace the first copy, if it arrived, instead of showing a
/// second. A notification that went instead of an email and reached no device releases that email
/// (<see cref="ReleaseUnreachedAsync"/>).
/// </summary>
public sealed class PushDispatcher(AllyshipDbContext db, IHttpClientFactory http, VapidKeys keys, IOptions<PushOptions> options, IOptions<AppOptions> app,
    TimeProvider clock, JobLeases leases, ILogger<PushDispatcher> log)
{
    public const string HttpClientName = "push";
    public static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    private sealed record Outcome(PushStatus Status, string? Error = null, TimeSpan? RetryAfter = null);

    [AutomaticRetry(Attempts = 0)]
    public Task<int> RunAsync(CancellationToken ct = default) => leases.RunAsync(JobsSetup.Ids.PushOutbox, SendDueAsync, 0, ct);

    /// <summary>Sends what is due, without the job's lease (the claims keep two runs apart).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = Now();
        // A claim that lapsed: the sender stopped mid-send. Sent again (the topic and tag make a second copy replace the first).
        await db.PushDeliveries.Where(d => d.Status == PushStatus.Sending && d.LockedUntilUtc < now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, PushStatus.Pending).SetProperty(d => d.LockedUntilUtc, (DateTime?)null), ct);
        var due = await db.PushDeliveries.AsNoTracking().Where(d => d.Status == PushStatus.Pending && d.NextAttemptUtc <= now)
            .OrderBy(d => d.Id).Select(d => d.Id).Take(100).ToListAsync(ct);
        var sent = 0;
        if (due.Count > 0)
        {
            var (publicKey, privateKey) = await keys.GetAsync(ct);
            using var vapid = new VapidAuthentication(publicKey, privateKey) { Subject = options.Value.Contact is { Length: > 0 } contact ? contact : app.Value.BaseUrl };
            var client = new PushServiceClient(http.CreateClient(HttpClientName)) { DefaultAuthentication = vapid, AutoRetryAfter = false };
            foreach (var id in due)
            {
                sent += await SendOneAsync(client, id, ct) ? 1 : 0;
                ct.ThrowIfCancellationRequested();
            }
        }

        await ReleaseUnreachedAsync();
        return sent;
    }

    /// <summary>
    /// Emails held for notifications that no device will receive (every one failed, or its device was turned off, taken
    /// over or removed meanwhile) go by email after all, from this one place. A reminder whose week has ended stays held:
    /// last week's "to go" is no news on Monday.
    /// </summary>
    private async Task ReleaseUnreachedAsync()
    {
        var now = Now();
        var recent = now - TimeSpan.FromDays(8);
        var released = await Infrastructure.Email.Outbox.ReleaseAsync(db.Emails.Where(e => e.Status == EmailStatus.AsNotification && e.CreatedUtc > recent
            && !db.PushDeliveries.Any(d => d.InsteadOfEmailKey == e.DeduplicationKey
                && (d.Status == PushStatus.Pending || d.Status == PushStatus.Sending || d.Status == PushStatus.Sent || d.ExpiresUtc <= now))), now);
        if (released > 0)
        {
            log.LogWarning("{Count} emails held for notifications are sent after all: no device received those notifications", released);
        }
    }


    private async Task<bool> SendOneAsync(PushServiceClient client, long id, CancellationToken ct)
    {
        var now = Now();
        var until = now + Claim;
        var claimed = await db.PushDeliveries.Where(d => d.Id == id && d.Status == PushStatus.Pending && d.NextAttemptUtc <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, PushStatus.Sending).SetProperty(d => d.LockedUntilUtc, until)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.UpdatedUtc, now), ct);
        if (claimed == 0)
        {
            return false;
        }

        var delivery = await db.PushDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, ct);
        var device = await db.PushDevices.AsNoTracking().SingleOrDefaultAsync(d => d.Id == delivery.DeviceId, ct);
        var outcome = device is null ? new Outcome(PushStatus.Gone, "The device turned notifications off.")
            : now > delivery.ExpiresUtc ? new Outcome(PushStatus.Failed, "Too late: what it said no longer holds.")
            : PushRules.CheckEndpoint(device.Endpoint, options.Value) is { } refused ? new Outcome(PushStatus.Failed, refused)
            : await DeliverAsync(client, device, delivery, ct);
        if (outcome.Status == PushStatus.Pending && delivery.Attempts >= PushDelivery.MaxAttempts)
        {
            outcome = outcome with { Status = PushStatus.Failed };
        }

        await EndAsync(delivery, until, outcome, device);
        return outcome.Status == PushStatus.Sent;
    }

    private async Task<Outcome> DeliverAsync(PushServiceClient client, PushDevice device, PushDelivery delivery, CancellationToken ct)
    {
        var subscription = new PushSubscription { Endpoint = device.Endpoint };
        subscription.SetKey(PushEncryptionKeyName.P256DH, device.P256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, device.Auth);
        var tag = Tag(delivery.Key);
        // Whose it is (a hash, as the pages tell the worker): a phone another account signed in on shows none of it.
        var payload = JsonSerializer.Serialize(new { title = delivery.Title, body = delivery.Body, url = delivery.Url, tag, account = Shared.InstalledApp.AccountKey(delivery.UserId) });
        var message = new PushMessage(payload)
        {
            Topic = tag,
            Urgency = PushMessageUrgency.Normal,
            // Kept by the push service while the phone is off, until it no longer holds (at most four weeks).
            TimeToLive = (int)Math.Clamp((delivery.ExpiresUtc - Now()).TotalSeconds, 60, 28 * 24 * 3600),
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            await client.RequestPushMessageDeliveryAsync(subscription, message, timeout.Token);
            return new Outcome(PushStatus.Sent);
        }
        catch (PushServiceClientException ex)
        {
            var status = (int)ex.StatusCode;
            return ex.StatusCode switch
            {
                HttpStatusCode.NotFound or HttpStatusCode.Gone => new Outcome(PushStatus.Gone, $"The push service answered {status}: this browser's subscription has ended."),
                HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError =>
                    new Outcome(PushStatus.Pending, $"The push service answered {status}.", ex.Headers?.RetryAfter?.Delta),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    new Outcome(PushStatus.Failed, $"The push service refused the server's signature ({status}): the subscription was made with another key."),
                _ => new Outcome(PushStatus.Failed, $"The push service refused it ({status})."),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Notification {Id} did not reach the push service", delivery.Id);
            return new Outcome(PushStatus.Pending, "The push service could not be reached or did not answer in time.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A subscription's keys that cannot be encrypted for, or anything else about this one row: it fails alone.
            log.LogWarning(ex, "Notification {Id} could not be prepared for its device", delivery.Id);
            return new Outcome(PushStatus.Failed, "The notification could not be encrypted for this browser's subscription.");
        }
    }

    /// <summary>
    /// Records how an attempt ended, while the claim holds; a device whose subscription ended is removed (its other
    /// notifications with it).
    /// </summary>
    private Task<int> EndAsync(PushDelivery delivery, DateTime claimedUntil, Outcome outcome, PushDevice? device)
    {
        var now = Now();
        var next = now + (outcome.RetryAfter is { } wait && wait > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(wait.Ticks, TimeSpan.FromHours(1).Ticks)) : PushDelivery.Backoff(delivery.Attempts));
        var error = outcome.Error is { Length: > 2000 } whole ? whole[..2000] : outcome.Error;
        var sentUtc = outcome.Status == PushStatus.Sent ? now : (DateTime?)null;
        return db.InTransactionAsync(async () =>
        {
            var ended = await db.PushDeliveries.Where(d => d.Id == delivery.Id && d.Status == PushStatus.Sending && d.LockedUntilUtc == claimedUntil)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, outcome.Status).SetProperty(d => d.LastError, error).SetProperty(d => d.SentUtc, sentUtc)
                    .SetProperty(d => d.NextAttemptUtc, d => outcome.Status == PushStatus.Pending ? next : d.NextAttemptUtc)
                    .SetProperty(d => d.LockedUntilUtc, (DateTime?)null).SetProperty(d => d.UpdatedUtc, now), CancellationToken.None);
            if (ended == 0)
            {
                return 0;
            }

            if (outcome.Status == PushStatus.Sent && device is not null)
            {
                await db.PushDevices.Where(d => d.Id == device.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastDeliveredUtc, now), CancellationToken.None);
            }
            else if (outcome.Status == PushStatus.Gone && device is not null)
            {
                await db.PushDevices.Where(d => d.Id == device.Id).ExecuteDeleteAsync(CancellationToken.None);
                log.LogInformation("Removed push device {Id}: its subscription has ended", device.Id);
            }
            else if (outcome.Status != PushStatus.Pending)
            {
                log.LogWarning("Notification {Id} not delivered, attempt {Attempts}, now {Status}: {Error}", delivery.Id, delivery.Attempts, outcome.Status, error);
            }

            return ended;
        }, CancellationToken.None);
    }

    /// <summary>The Web Push topic and the notification's tag: 32 base64url characters from the outbox key, the same on every attempt.</summary>
    public static string Tag(string key) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 24));

    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
