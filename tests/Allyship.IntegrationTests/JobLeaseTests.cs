using Allyship.Web.Data;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Email;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// One run of a recurring job at a time across instances (issue 34, ADR 19): taking, renewing, expiring and taking over
/// a job's lease, and starting again a job whose run died. The leases here run on a fake clock of their own, so their
/// renewals happen when the test moves it; killed processes on PostgreSQL are <see cref="JobTakeoverTests"/>.
/// </summary>
public sealed class JobLeaseTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly AppFixtureBase _app = app.LogTo(output);
    private readonly FakeTimeProvider _clock = new(AppFixture.DefaultNow);

    /// <summary>The leases of one instance, on the test's fake clock.</summary>
    private JobLeases Leases() =>
        new(_app.Services.GetRequiredService<IServiceScopeFactory>(), _clock, _app.Services.GetRequiredService<Allyship.Web.Infrastructure.Telemetry.AllyshipMetrics>(),
            _app.Services.GetRequiredService<ILogger<JobLeases>>());

    private Task<JobLease?> RowAsync(string job) => _app.WithDbAsync(db => db.JobLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Job == job));

    /// <summary>The lease as a run on an instance that was killed left it: held, renewed a moment ago, never to be renewed or freed again.</summary>
    private Task<int> LeftByADeadRunAsync(string job) => _app.WithDbAsync(async db =>
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        db.JobLeases.RemoveRange(db.JobLeases.Where(l => l.Job == job));
        db.JobLeases.Add(new JobLease { Job = job, Instance = "killed-host:4242", Run = Guid.NewGuid(), TakenUtc = now.AddMinutes(-2), ExpiresUtc = now + JobLeases.Lasts });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_run_of_the_outbox_while_another_holds_its_lease_sends_nothing_and_the_next_run_sends()
    {
        var to = $"{TestData.Unique("lease")}@example.com";
        await _app.WithDbAsync(db =>
        {
            db.Emails.Add(new OutgoingEmail(to, null, "Hello", "<p>Hi</p>", "Hi", EmailKind.Other, TestData.Unique("lease")).ToRow(_app.Clock.GetUtcNow().UtcDateTime));
            return db.SaveChangesAsync();
        });
        var leases = _app.Services.GetRequiredService<JobLeases>();

        await using (var elsewhere = await leases.TryTakeAsync(JobsSetup.Ids.EmailOutbox, default))
        {
            elsewhere.ShouldNotBeNull();
            (await _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync())).ShouldBe(DispatchReport.None);
            _app.Smtp.To(to).ShouldBeEmpty("another run holds the outbox: this one returns at once");
        }

        (await RowAsync(JobsSetup.Ids.EmailOutbox))!.ExpiresUtc.ShouldBeNull("the run that ended freed its lease");
        (await _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync())).Sent.ShouldBeGreaterThanOrEqualTo(1);
        _app.Smtp.To(to).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_lease_renewed_while_its_run_works_is_never_taken_and_is_free_the_moment_the_run_ends()
    {
        var job = JobsSetup.Ids.Reminders;
        var (one, two) = (Leases(), Leases());
        var lease = (await one.TryTakeAsync(job, default)).ShouldNotBeNull();

        // Two minutes of work, four times the lease's length: renewed every ten seconds, it stays this run's.
        for (var elapsed = JobLeases.RenewEvery; elapsed <= TimeSpan.FromMinutes(2); elapsed += JobLeases.RenewEvery)
        {
            _clock.Advance(JobLeases.RenewEvery);
            var due = _clock.GetUtcNow().UtcDateTime + JobLeases.Lasts;
            await Until(async () => (await RowAsync(job))!.ExpiresUtc == due, $"renewed {elapsed} into its run");
            (await two.TryTakeAsync(job, default)).ShouldBeNull($"held {elapsed} into its run");
            await Task.Delay(50); // the renewing loop sets its next wait on the fake clock before the clock moves again
        }

        await lease.DisposeAsync();
        await using var next = await two.TryTakeAsync(job, default);
        next.ShouldNotBeNull("freed when its run ended, not when it expires");
    }

    [Fact]
    public async Task A_lease_its_run_stopped_renewing_is_taken_over_once_expired_and_the_old_run_can_neither_renew_nor_free_it()
    {
        var job = JobsSetup.Ids.WeeklyRollup;
        await LeftByADeadRunAsync(job);
        var leases = Leases();

        _clock.Advance(JobLeases.Lasts - TimeSpan.FromSeconds(1));
        (await leases.TryTakeAsync(job, default)).ShouldBeNull("not expired yet");

        _clock.Advance(TimeSpan.FromSeconds(2));
        var stalled = (await leases.TryTakeAsync(job, default)).ShouldNotBeNull("expired: taken over");
        var row = (await RowAsync(job))!;
        (row.Instance, row.Run).ShouldBe((AppInstance.Name, stalled.Run));

        // This run now stalls past its expiry (no renewal), and a run elsewhere takes the job over.
        await _app.WithDbAsync(db => db.JobLeases.Where(l => l.Job == job)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresUtc, _clock.GetUtcNow().UtcDateTime.AddSeconds(-1))));
        await using var taker = await Leases().TryTakeAsync(job, default);
        taker.ShouldNotBeNull();

        (await stalled.RenewAsync()).ShouldBeFalse("its lease is another run's now");
        stalled.Lost.ShouldBeTrue();
        await stalled.DisposeAsync();
        row = (await RowAsync(job))!;
        (row.Run, row.ExpiresUtc).ShouldBe((taker.Run, _clock.GetUtcNow().UtcDateTime + JobLeases.Lasts), "the stalled run freed nothing of the new one's");
        (await Leases().TryTakeAsync(job, default)).ShouldBeNull();
    }

    [Fact]
    public async Task A_job_whose_run_died_is_started_again_once_when_its_lease_expires()
    {
        var job = JobsSetup.Ids.LeaderDigests;
        await _app.WithDbAsync(db => db.JobLeases.ExecuteDeleteAsync()); // only this job's lease is abandoned
        await LeftByADeadRunAsync(job);
        var watch = new AbandonedJobs(_app.Services.GetRequiredService<IServiceScopeFactory>(), _app.Services.GetRequiredService<IRecurringJobManager>(),
            _clock, _app.Services.GetRequiredService<ILogger<AbandonedJobs>>());
        var queue = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var enqueued = queue.EnqueuedCount("default");

        (await watch.RestartAsync(default)).ShouldNotContain(job, "its run may still be working");
        _clock.Advance(JobLeases.Lasts + TimeSpan.FromSeconds(1));
        (await watch.RestartAsync(default)).ShouldContain(job);
        queue.EnqueuedCount("default").ShouldBe(enqueued + 1, "the leader digest job, queued now rather than at its next quarter-hour");
        (await RowAsync(job))!.ExpiresUtc.ShouldBeNull("freed for the run just queued");

        (await watch.RestartAsync(default)).ShouldNotContain(job, "started once");
        queue.EnqueuedCount("default").ShouldBe(enqueued + 1);
    }

    /// <summary>Waits (polling) until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="within"/>.</summary>
    internal static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            waited.Elapsed.ShouldBeLessThan(within ?? TimeSpan.FromSeconds(5), what);
            await Task.Delay(25);
        }
    }
}
