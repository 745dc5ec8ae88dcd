using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Infrastructure;

/// <summary>This process among the app's instances: machine and process id (heartbeat rows, job leases).</summary>
public static class AppInstance
{
    public static readonly string Name = $"{Environment.MachineName}:{Environment.ProcessId}";
}

/// <summary>
/// One run of a recurring job at a time, across every instance, through a row per job in <c>JobLeases</c> (ADR 19): a
/// run takes the lease when it is free or expired, renews it every <see cref="RenewEvery"/> for <see cref="Lasts"/>
/// while it works, and frees it when it ends. A run that finds the lease held returns at once: it is another run's
/// turn. A run that dies (kill -9, a crash, a lost machine) stops renewing; its lease expires within <see cref="Lasts"/>
/// and <see cref="AbandonedJobs"/> starts the job again. Every job is safe to run twice (unique keys and claims in our
/// tables): the lease only saves wasted work and lets a job resume quickly, so a run that loses its lease (stalled past
/// its expiry and taken over) finishes what it started.
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes, TimeProvider clock, Telemetry.AllyshipMetrics metrics, ILogger<JobLeases> log)
{
    /// <summary>How long a lease holds from its last renewal: three renewals, so a slow database write or two is survived.</summary>
    public static readonly TimeSpan Lasts = TimeSpan.FromSeconds(30);

    /// <summary>How often a running job renews its lease, and how often each job server looks for abandoned ones.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    private TimeProvider Clock => clock;

    private ILogger Log => log;

    /// <summary>
    /// Runs <paramref name="work"/> holding the lease named <paramref name="job"/> (the recurring job's id, so that an
    /// abandoned lease can start its job again); returns <paramref name="notMyTurn"/> without running it when another run holds it.
    /// </summary>
    public async Task<T> RunAsync<T>(string job, Func<CancellationToken, Task<T>> work, T notMyTurn, CancellationToken ct)
    {
        await using var lease = await TryTakeAsync(job, ct);
        if (lease is null)
        {
            log.LogDebug("Job {Job} is running elsewhere: this run leaves it to that one", job);
            return notMyTurn;
        }

        return await metrics.RunJobAsync(job, () => work(ct)); // a run, its span and its outcome: only when it is this run's turn
    }

    /// <summary>The lease, renewed until disposed; null when another run holds it.</summary>
    public async Task<Lease?> TryTakeAsync(string job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var run = Guid.NewGuid();
        var until = now + Lasts;
        var current = await db.JobLeases.AsNoTracking().Where(l => l.Job == job)
            .Select(l => new { l.Run, l.Instance, l.ExpiresUtc }).SingleOrDefaultAsync(ct);
        if (current is null)
        {
            try
            {
                db.JobLeases.Add(new JobLease { Job = job, Instance = AppInstance.Name, Run = run, TakenUtc = now, ExpiresUtc = until });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                return null; // another run made the row first: it holds the lease
            }
        }
        else
        {
            if (current.ExpiresUtc >= now)
            {
                return null;
            }

            // Free or expired: one conditional UPDATE, so of two runs that read the same row only one takes it (the
            // condition is checked on the row as it stands when written: PostgreSQL re-reads it after the row lock).
            var taken = await db.JobLeases.Where(l => l.Job == job && l.Run == current.Run).Where(JobLease.FreeAt(now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.Instance, AppInstance.Name)
                    .SetProperty(l => l.Run, run)
                    .SetProperty(l => l.TakenUtc, now)
                    .SetProperty(l => l.ExpiresUtc, until), ct);
            if (taken == 0)
            {
                return null;
            }

            if (current.ExpiresUtc is { } expired)
            {
                log.LogWarning("Job {Job}: took over the lease of a run on {Instance} that stopped renewing it (it expired at {Expired:u})",
                    job, current.Instance, expired);
            }
        }

        return new Lease(this, job, run);
    }

    /// <summary>A held lease: renewed in the background until disposed, then freed.</summary>
    public sealed class Lease : IAsyncDisposable
    {
        private readonly JobLeases _leases;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        internal Lease(JobLeases leases, string job, Guid run)
        {
            _leases = leases;
            Job = job;
            Run = run;
            _renewing = RenewUntilStoppedAsync(_stop.Token);
        }

        public string Job { get; }

        public Guid Run { get; }

        /// <summary>Another run took the lease over (this one was stalled past its expiry): it is no longer renewed or freed.</summary>
        public bool Lost { get; private set; }

        /// <summary>Extends the lease by <see cref="Lasts"/> from now; false once it is lost. A database error keeps it (tried again next time).</summary>
        public async Task<bool> RenewAsync(CancellationToken ct = default)
        {
            try
            {
                var renewed = await _leases.UpdateAsync(Job, Run, _leases.Clock.GetUtcNow().UtcDateTime + Lasts, ct);
                if (renewed == 0)
                {
                    Lost = true;
                    _leases.Log.LogWarning("Job {Job}: another run took over this run's lease (this one stalled past its expiry); this run finishes what it started", Job);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _leases.Log.LogWarning(ex, "Job {Job}: renewing its lease failed; trying again in {Seconds} s", Job, RenewEvery.TotalSeconds);
            }

            return !Lost;
        }

        private async Task RenewUntilStoppedAsync(CancellationToken stop)
        {
            try
            {
                do
                {
                    await Task.Delay(RenewEvery, _leases.Clock, stop);
                }
                while (await RenewAsync(stop));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        /// <summary>Stops renewing and frees the lease (unless lost): the next run, here or elsewhere, may take it at once.</summary>
        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            if (Lost)
            {
                return;
            }

            try
            {
                await _leases.UpdateAsync(Job, Run, expires: null, CancellationToken.None);
            }
            catch (Exception ex)
            {
                _leases.Log.LogWarning(ex, "Job {Job}: freeing its lease failed; it expires within {Seconds} s and the job then starts again", Job, Lasts.TotalSeconds);
            }
        }
    }

    /// <summary>Sets the expiry of the lease while <paramref name="run"/> holds it; the rows changed (0: another run has it).</summary>
    private async Task<int> UpdateAsync(string job, Guid run, DateTime? expires, CancellationToken ct)
    {
        // A scope of its own: the job's DbContext is busy with the job (and is not thread-safe).
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        return await db.JobLeases.Where(l => l.Job == job && l.Run == run).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresUtc, expires), ct);
    }
}

/// <summary>
/// On every job server, every <see cref="JobLeases.RenewEvery"/>: a lease that expired without being freed belonged to
/// a run that died mid-job; its recurring job is started again now rather than at its next occurrence (up to 15
/// minutes away), then the lease is freed. Two servers that see it at once both start it: the lease lets one run work.
/// </summary>
public sealed class AbandonedJobs(IServiceScopeFactory scopes, IRecurringJobManager recurringJobs, TimeProvider clock, ILogger<AbandonedJobs> log)
    : BackgroundService
{
    /// <summary>One look: starts each job whose lease was abandoned, and returns their ids.</summary>
    public async Task<IReadOnlyList<string>> RestartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var abandoned = await db.JobLeases.AsNoTracking().Where(JobLease.AbandonedAt(now)).OrderBy(l => l.Job).ToListAsync(ct);
        foreach (var lease in abandoned)
        {
            log.LogWarning("Job {Job} stopped without finishing: its run on {Instance} (since {Taken:u}) last renewed its lease until {Expired:u}. Starting it again",
                lease.Job, lease.Instance, lease.TakenUtc, lease.ExpiresUtc);
            recurringJobs.Trigger(lease.Job);

            // Freed after the job was queued, and only if no run took it over meanwhile: a failed trigger is tried again next time.
            await db.JobLeases.Where(l => l.Job == lease.Job && l.Run == lease.Run).Where(JobLease.AbandonedAt(now))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresUtc, (DateTime?)null), ct);
        }

        return abandoned.Select(l => l.Job).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RestartAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Looking for jobs whose run died failed; looking again in {Seconds} s", JobLeases.RenewEvery.TotalSeconds);
            }

            await Task.Delay(JobLeases.RenewEvery, clock, stoppingToken);
        }
    }
}
