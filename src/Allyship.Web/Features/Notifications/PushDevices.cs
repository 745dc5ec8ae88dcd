using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Notifications;

/// <summary>The browsers a person turned notifications on in: kept, listed on Settings, turned off.</summary>
public sealed class PushDevices(AllyshipDbContext db, IOptions<PushOptions> options, TimeProvider clock, ILogger<PushDevices> log)
{
    /// <summary>At most this many devices per person: a new one beyond it replaces the one that has gone longest without a notification.</summary>
    public const int MaxPerPerson = 10;

    public sealed record Device(int Id, string Label, DateTime SinceUtc, string Endpoint)
    {
        /// <summary>"Chrome on Android", in the reader's language.</summary>
        public string Name => PushRules.Describe(Label);
    }

    public bool Offered => options.Value.Enabled;

    public async Task<IReadOnlyList<Device>> OfAsync(string userId, CancellationToken ct) =>
        await db.PushDevices.AsNoTracking().Where(d => d.UserId == userId).OrderBy(d => d.CreatedUtc)
            .Select(d => new Device(d.Id, d.Label, d.CreatedUtc, d.Endpoint)).ToListAsync(ct);

    /// <summary>
    /// Keeps this browser's subscription for her; null when kept, else the sentence to show. A subscription another account
    /// held moves to her: the browser that holds it is hers now (someone else signed out on a shared phone).
    /// </summary>
    public async Task<string?> AddAsync(string userId, string? endpoint, string? p256dh, string? auth, string? userAgent, CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return "Notifications are not offered here.";
        }

        if (PushRules.CheckEndpoint(endpoint, options.Value) is { } refused)
        {
            return refused;
        }

        if (!PushRules.KeysAreValid(p256dh, auth))
        {
            return "This browser's subscription keys could not be read.";
        }

        var label = PushRules.DeviceLabel(userAgent);
        label = label.Length > PushDevice.LabelMaxLength ? label[..PushDevice.LabelMaxLength] : label;
        return await db.InTransactionAsync(async () =>
        {
            var device = await db.PushDevices.SingleOrDefaultAsync(d => d.Endpoint == endpoint, ct);
            if (device is null)
            {
                device = new PushDevice { Endpoint = endpoint! };
                db.PushDevices.Add(device);
            }
            else if (device.UserId != userId)
            {
                // What was queued for the other account stays out of this browser.
                await db.PushDeliveries.Where(d => d.DeviceId == device.Id && d.Status == PushStatus.Pending).ExecuteDeleteAsync(ct);
                log.LogInformation("A browser's notifications moved to another account (device {Id})", device.Id);
            }

            device.UserId = userId;
            device.P256dh = p256dh!;
            device.Auth = auth!;
            device.Label = label;
            await db.SaveChangesAsync(ct);

            var others = await db.PushDevices.Where(d => d.UserId == userId && d.Id != device.Id)
                .OrderByDescending(d => d.LastDeliveredUtc ?? d.CreatedUtc).Skip(MaxPerPerson - 1).ToListAsync(ct);
            db.PushDevices.RemoveRange(others);
            await db.SaveChangesAsync(ct);
            return (string?)null;
        }, ct, retryWhenBeatenTo: true); // the same browser posted twice at once: the second finds the first's row
    }

    /// <summary>
    /// Turns notifications off for one of her devices; false if she has no such device. With her last one gone, reminders
    /// come by email again (her "notification only" choice is undone, so turning a device on later starts with both).
    /// </summary>
    public async Task<bool> RemoveAsync(string userId, int id, CancellationToken ct)
    {
        if (await db.PushDevices.Where(d => d.UserId == userId && d.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            return false;
        }

        if (!await db.PushDevices.AnyAsync(d => d.UserId == userId, ct))
        {
            await db.MentorPreferences.Where(p => p.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.NotificationsInsteadOfEmail, false), ct);
        }

        return true;
    }

    /// <summary>The outbox key of one notification to one device: what it is about, and the device.</summary>
    public static string DeliveryKey(string about, int deviceId) => Prefix(about) + deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Prefix(string about) => about + ":push:";

    /// <summary>Which of <paramref name="abouts"/> already have a notification queued (to any device), kept or sent.</summary>
    public async Task<HashSet<string>> QueuedAsync(IReadOnlyCollection<string> abouts, CancellationToken ct)
    {
        var prefixes = abouts.Select(Prefix).ToList();
        var keys = await db.PushDeliveries.AsNoTracking().Where(d => prefixes.Any(p => d.Key.StartsWith(p))).Select(d => d.Key).ToListAsync(ct);
        return abouts.Where(a => keys.Any(k => k.StartsWith(Prefix(a), StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The devices of these people, for whoever queues notifications to them.</summary>
    public async Task<ILookup<string, int>> ForAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        if (!options.Value.Enabled || userIds.Count == 0)
        {
            return Array.Empty<(string, int)>().ToLookup(d => d.Item1, d => d.Item2);
        }

        var rows = new List<(string UserId, int Id)>();
        foreach (var chunk in userIds.Chunk(500))
        {
            rows.AddRange((await db.PushDevices.AsNoTracking().Where(d => chunk.Contains(d.UserId)).Select(d => new { d.UserId, d.Id }).ToListAsync(ct))
                .Select(d => (d.UserId, d.Id)));
        }

        return rows.ToLookup(d => d.UserId, d => d.Id);
    }

    /// <summary>Adds one notification per device to the outbox, to commit with the caller's transaction; the key (what × device) makes a repeat a no-op.</summary>
    public void Queue(IEnumerable<int> deviceIds, string userId, string key, string title, string body, string url, DateTime expiresUtc, string? insteadOfEmailKey = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var device in deviceIds)
        {
            var full = DeliveryKey(key, device);
            db.PushDeliveries.Add(new PushDelivery
            {
                DeviceId = device, UserId = userId, Key = full.Length > PushDelivery.KeyMaxLength ? full[..PushDelivery.KeyMaxLength] : full,
                Title = Cut(title, 200), Body = Cut(body, 1000), Url = url, InsteadOfEmailKey = insteadOfEmailKey,
                NextAttemptUtc = now, ExpiresUtc = expiresUtc, CreatedUtc = now, UpdatedUtc = now,
            });
        }
    }

    private static string Cut(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
