using System.Text.Json;
using Allyship.Web.Data;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// /health/live: the process answers (for restarts). /health/ready: the database is reachable, every migration is
/// applied, and a job server has reported a heartbeat recently (for the load balancer). Anonymous, no details beyond
/// each check's status and one sentence.
/// </summary>
public static class HealthSetup
{
    public const string Ready = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<JobServerHealthCheck>("jobs", tags: [Ready])
            .AddCheck<CacheHealthCheck>("cache", tags: [Ready]);
        return builder;
    }

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

/// <summary>
/// Whether this instance hears the other instances' changes (<see cref="Database.CacheChannel"/>, PostgreSQL): while it
/// cannot, it keeps nothing longer than <see cref="Database.CacheOptions.UnconfirmedLifetimeSeconds"/> and reports
/// Degraded (still ready: it serves correct pages, a little slower). Also how much the cache holds.
/// </summary>
public sealed class CacheHealthCheck(Database.CacheChannelState channel, KeptMemory memory, Microsoft.Extensions.Options.IOptions<Database.CacheOptions> options)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (bytes, entries) = memory.Held();
        var held = $"{entries} entries, about {bytes / (1024.0 * 1024):0.0} MB of {options.Value.MaxMegabytes} MB.";
        return Task.FromResult(channel.Confirmed
            ? HealthCheckResult.Healthy("Cache: " + held)
            : HealthCheckResult.Degraded(
                $"Not hearing the other instances' changes{(channel.DownSince is { } since ? $" since {since:yyyy-MM-dd HH:mm:ss} UTC" : "")}: " +
                $"pages and numbers are kept {options.Value.UnconfirmedLifetimeSeconds} seconds at most. Cache: {held}"));
    }
}

/// <summary>
/// The database answers, has every migration this build knows, takes a write (this instance's heartbeat row: a full disk
/// or a read-only file turns readiness unhealthy), and is still the file the app started on.
/// </summary>
public sealed class DatabaseHealthCheck(AllyshipDbContext db, DatabaseFile file, TimeProvider clock) : IHealthCheck
{
    private static readonly string Instance = AppInstance.Name;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (file.Problem() is { } problem)
        {
            return HealthCheckResult.Unhealthy(problem);
        }

        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}.");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database check failed: " + e.GetType().Name + ".");
        }

        try
        {
            // Always a statement that writes, even when the time has not moved (a fake clock, two checks in one tick).
            var now = clock.GetUtcNow().UtcDateTime;
            if (await db.Heartbeats.Where(h => h.Instance == Instance).ExecuteUpdateAsync(s => s.SetProperty(h => h.AtUtc, now), cancellationToken) == 0)
            {
                db.Heartbeats.Add(new Heartbeat { Instance = Instance, AtUtc = now });
                await db.SaveChangesAsync(cancellationToken);
            }
            return HealthCheckResult.Healthy("Reachable, all migrations applied, writes work.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The database can't be written ({e.GetBaseException().Message}).");
        }
    }
}

/// <summary>
/// Some job server (this instance's or another's, on shared storage) has a heartbeat in the last two minutes. An instance
/// configured without a job server reports Degraded, not Unhealthy, when it sees none: it can still serve pages.
/// </summary>
public sealed class JobServerHealthCheck(JobStorage storage, IConfiguration configuration) : IHealthCheck
{
    public static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = storage.GetMonitoringApi().Servers();
        // Hangfire stamps heartbeats with the real clock, whatever the app's clock says.
        var now = DateTime.UtcNow;
        var fresh = servers.Where(s => s.Heartbeat is { } beat && now - beat <= MaxHeartbeatAge).ToList();
        if (fresh.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"{fresh.Count} job server(s) with a heartbeat in the last {MaxHeartbeatAge.TotalMinutes:0} minutes."));
        }

        var runsHere = configuration.GetValue("Jobs:ServerEnabled", true);
        return Task.FromResult(runsHere
            ? HealthCheckResult.Unhealthy($"No job server heartbeat in the last {MaxHeartbeatAge.TotalMinutes:0} minutes.")
            : HealthCheckResult.Degraded("No job server runs on this instance (Jobs:ServerEnabled=false) and none reports elsewhere."));
    }
}
