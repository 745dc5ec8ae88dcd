using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Infrastructure.Telemetry;

/// <summary>
/// The outbox's backlog for the gauges: how many emails wait and how long the oldest has. Read from the database when a
/// metrics reader collects (every export, a minute by default), at most once per <see cref="Fresh"/>; a failed read
/// reports nothing rather than a zero that would hide a backlog.
/// </summary>
public sealed class EmailBacklog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<EmailBacklog> log)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private (long Pending, double OldestAgeSeconds)? _last;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public (long Pending, double OldestAgeSeconds)? Read()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (now - _readAt >= Fresh || now < _readAt)
            {
                _readAt = now;
                _last = ReadNow(now.UtcDateTime);
            }

            return _last;
        }
    }

    private (long, double)? ReadNow(DateTime nowUtc)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
            var pending = db.Emails.AsNoTracking().Where(e => e.Status == EmailStatus.Pending);
            var oldest = pending.Min(e => (DateTime?)e.CreatedUtc);
            return oldest is { } since ? (pending.LongCount(), Math.Max(0, (nowUtc - since).TotalSeconds)) : (0, 0);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            log.LogWarning(ex, "Reading the email backlog for the metrics failed");
            return null;
        }
    }
}
