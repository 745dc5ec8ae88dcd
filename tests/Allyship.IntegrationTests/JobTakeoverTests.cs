using System.Collections.Concurrent;
using System.Diagnostics;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// Issue 34: the instance running the outbox and the weekly rollup is killed (SIGKILL, as `kill -9`) in the middle of
/// both; the other instance sends and closes the week within a minute. Two real app processes on one PostgreSQL
/// database, each with an SMTP server of its own, so the test knows who sent what.
/// </summary>
public sealed class JobTakeoverTests(ITestOutputHelper output)
{
    /// <summary>The bound: after a kill, another instance resumes every job within this.</summary>
    private static readonly TimeSpan Resumes = TimeSpan.FromSeconds(60);

    [PostgresFact]
    [Trait("Category", "PostgresOnly")]
    public async Task Killing_the_instance_mid_outbox_and_mid_rollup_lets_the_other_send_and_close_the_weeks_within_a_minute()
    {
        await using var shared = new InstancesTests.SharedDatabase();
        await using var setup = new InstancesTests.Instance(shared.ConnectionString); // migrates; its job server is off
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var program = await new TestData(setup).ProgramAsync(start: PledgeWeek.Containing(today.AddDays(-21)).Monday);
        await QueueEmailsAsync(setup, 1000);

        // The rollup waits on the program's lock, as it would behind a long action command: held mid-batch, in its transaction.
        await using var holdScope = setup.Scope();
        var holdDb = holdScope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        await using var hold = await holdDb.Database.BeginTransactionAsync();
        await holdDb.LockProgramForActionsAsync(program.Id, default);

        // The outbox is queued now and the rollup by the first instance as it starts: its job server takes both before
        // it even answers, and before the second instance exists.
        var sinceStart = Stopwatch.StartNew();
        setup.Services.GetRequiredService<IRecurringJobManager>().Trigger(JobsSetup.Ids.EmailOutbox);
        await using var first = AppProcess.Start(shared.ConnectionString, output);
        await Until(async () => await HeldByAsync(setup, JobsSetup.Ids.EmailOutbox, first) && await HeldByAsync(setup, JobsSetup.Ids.WeeklyRollup, first),
            "the first instance takes both");
        // The outbox's run stops claiming after 50 s: the second instance starts now, not after the first one answers.
        await using var second = AppProcess.Start(shared.ConnectionString, output);
        await first.LiveAsync();
        await Until(() => Task.FromResult(first.Smtp.Received.Count > 0), "the first instance sends");
        await second.LiveAsync();
        output.WriteLine($"Both instances up, the first one sending, {sinceStart.Elapsed.TotalSeconds:0.0} s after the first one started.");
        (await HeldByAsync(setup, JobsSetup.Ids.EmailOutbox, first)).ShouldBeTrue("mid-outbox: the first instance still holds it");
        (await HeldByAsync(setup, JobsSetup.Ids.WeeklyRollup, first)).ShouldBeTrue("mid-rollup: the first instance still holds it");
        (await ClosedWeeksAsync(setup, program)).ShouldBe(0);
        second.Smtp.Received.ShouldBeEmpty("one outbox run at a time: the second instance's runs left it to the first");

        first.Kill();
        var sinceKill = Stopwatch.StartNew();
        var sentBefore = first.Smtp.Received.Count;
        await hold.RollbackAsync(); // the killed instance's transaction is gone with its connection; nothing waits now
        TimeSpan? sent = null, closed = null;
        while ((sent is null || closed is null) && sinceKill.Elapsed < Resumes)
        {
            sent ??= second.Smtp.Received.Count > 0 ? sinceKill.Elapsed : null;
            closed ??= await ClosedWeeksAsync(setup, program) >= 3 ? sinceKill.Elapsed : null;
            await Task.Delay(200);
        }

        output.WriteLine($"Killed after sending {sentBefore} emails; the other instance sent {sent?.TotalSeconds:0.0} s and closed the weeks {closed?.TotalSeconds:0.0} s after the kill.");
        sent.ShouldNotBeNull($"the other instance sends within {Resumes.TotalSeconds} s of the kill");
        closed.ShouldNotBeNull($"the other instance closes the weeks within {Resumes.TotalSeconds} s of the kill");
        (await HeldByAsync(setup, JobsSetup.Ids.EmailOutbox, first)).ShouldBeFalse();
    }

    private static Task<int> QueueEmailsAsync(AppFixtureBase app, int count) => app.WithDbAsync(db =>
    {
        var now = DateTime.UtcNow; // the processes run on the real clock
        for (var i = 0; i < count; i++)
        {
            var key = TestData.Unique("takeover");
            db.Emails.Add(new OutgoingEmail($"{key}@example.com", null, "Hello", "<p>Hi</p>", "Hi", EmailKind.Other, key).ToRow(now.AddMinutes(-1)));
        }

        return db.SaveChangesAsync();
    });

    private static Task<bool> HeldByAsync(AppFixtureBase app, string job, AppProcess instance) => app.WithDbAsync(db =>
    {
        var now = DateTime.UtcNow;
        return db.JobLeases.AnyAsync(l => l.Job == job && l.Instance.EndsWith(":" + instance.Id) && l.ExpiresUtc >= now);
    });

    private static Task<int> ClosedWeeksAsync(AppFixtureBase app, PledgeProgram program) =>
        app.WithDbAsync(db => db.ClosedWeeks.CountAsync(c => c.ProgramId == program.Id));

    private static Task Until(Func<Task<bool>> condition, string what) => JobLeaseTests.Until(condition, what, TimeSpan.FromSeconds(60));

    /// <summary>`dotnet Allyship.Web.dll` serving on a loopback port with its job server on, as deployed, and its own SMTP server.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _log = new();
        private readonly ITestOutputHelper _output;
        private readonly string _folder = AppFixtureBase.NewDataDirectory();
        private readonly int _port = Allyship.TestSupport.Ports.Free();

        private AppProcess(string connectionString, ITestOutputHelper output)
        {
            _output = output;
            Directory.CreateDirectory(_folder);
            var dll = typeof(Program).Assembly.Location;
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}",
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Allyship"] = connectionString,
                ["Storage__DataDirectory"] = _folder,
                ["Email__Smtp__Host"] = "127.0.0.1",
                ["Email__Smtp__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email__Smtp__UseStartTls"] = "false",
                ["Email__From"] = "Allyship <allyship@example.org>",
                // Small batches over two connections to a slow relay: the outbox is still sending when the test kills it.
                ["Email__Concurrency"] = "2",
                ["Email__BatchSize"] = "5",
                ["App__BaseUrl"] = "https://allyship.example.org",
            };
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => Keep(e.Data);
            _process.ErrorDataReceived += (_, e) => Keep(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public static AppProcess Start(string connectionString, ITestOutputHelper output) => new(connectionString, output);

        public int Id => _process.Id;

        public TestSmtpServer Smtp { get; } = Started(new TestSmtpServer { Delay = TimeSpan.FromMilliseconds(200) });

        private static TestSmtpServer Started(TestSmtpServer smtp)
        {
            smtp.Start();
            return smtp;
        }

        private void Keep(string? line)
        {
            if (line is not null)
            {
                _log.Enqueue(line);
            }
        }

        /// <summary>Waits until it answers /health/live (it has migrated, started its job server and listens).</summary>
        public async Task LiveAsync()
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(5) };
            await Until(async () =>
            {
                _process.HasExited.ShouldBeFalse("the app stopped: " + string.Join(Environment.NewLine, _log));
                try
                {
                    return (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, $"process {Id} answers");
        }

        /// <summary>SIGKILL: no shutdown, no lease freed, connections dropped by the operating system.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _output.WriteLine($"--- process {_process.Id} ---");
            foreach (var line in _log.Where(l => l.Contains("lease", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)
                || l.Contains("stopped without finishing", StringComparison.Ordinal)))
            {
                _output.WriteLine(line);
            }

            _process.Dispose();
            await Smtp.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
