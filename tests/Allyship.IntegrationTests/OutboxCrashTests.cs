using System.Diagnostics;
using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// The built app as a real process (`dotnet Allyship.Web.dll`, job server on) sending a queued outbox to this test's SMTP
/// server, killed with SIGKILL mid-send three times: each kill may leave at most one email sent but not marked, which
/// the next start sends again (issue 34; docs/operations.md, failure modes).
/// </summary>
public sealed class OutboxCrashTests(ITestOutputHelper output)
{
    private const int Emails = 200;

    [Fact]
    [Trait("Category", "SqliteOnly")] // on PostgreSQL a killed instance's Hangfire lock holds the outbox job for minutes (issue 34, item 1)
    public async Task A_kill_mid_send_resends_at_most_one_email()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var addresses = Enumerable.Range(0, Emails).Select(i => $"{TestData.Unique($"crash{i}")}@example.com").ToList();
        await app.WithDbAsync(db =>
        {
            foreach (var address in addresses)
            {
                db.Emails.Add(new OutgoingEmail(address, null, "Your week", "<p>Your week</p>", "Your week", EmailKind.Other, address).ToRow(app.Clock.GetUtcNow().UtcDateTime));
            }

            return db.SaveChangesAsync();
        });

        var received = 0;
        var killAt = 0;
        Process? running = null;
        app.Smtp.OnReceived = async _ =>
        {
            if (Interlocked.Increment(ref received) == Volatile.Read(ref killAt) && running is { } child)
            {
                // Received, not yet answered 250: the app can't have marked it; kill -9 now.
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }

            await Task.Delay(5); // a server that takes a moment: without the hand-over, every connection is mid-send here
        };

        var unmarkedPerKill = new List<int>();
        for (var kill = 1; kill <= 3; kill++)
        {
            Volatile.Write(ref killAt, Volatile.Read(ref received) + 40);
            var child = StartApp(app, out var log);
            running = child;
            try
            {
                await WaitAsync(() => Task.FromResult(child.HasExited), $"the app to be killed after {killAt} messages", log);
            }
            finally
            {
                Stop(child);
            }

            running = null;
            var sentTo = app.Smtp.Received.Select(m => m.To.Mailboxes.Single().Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var marked = await app.WithDbAsync(db => db.Emails.Where(e => e.Status == EmailStatus.Sent).Select(e => e.ToAddress).ToListAsync());
            unmarkedPerKill.Add(sentTo.Except(marked, StringComparer.OrdinalIgnoreCase).Count());

            // Five minutes later the dead instance's claims have lapsed; the test doesn't wait for them.
            await app.WithDbAsync(db => db.Emails.Where(e => e.Status == EmailStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntilUtc, (DateTime?)null)));
        }

        var last = StartApp(app, out var lastLog);
        try
        {
            await WaitAsync(async () => await PendingAsync(app) == 0, "every email to be sent", lastLog);
        }
        finally
        {
            Stop(last);
        }

        var arrivals = app.Smtp.Received.GroupBy(m => m.To.Mailboxes.Single().Address, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var duplicates = arrivals.Values.Sum(n => n - 1);
        output.WriteLine($"{Emails} emails, 3 kills: sent but not marked at each kill {string.Join(", ", unmarkedPerKill)}; {duplicates} arrived twice");

        addresses.ShouldAllBe(a => arrivals.ContainsKey(a), "every email arrives");
        unmarkedPerKill.ShouldAllBe(n => n <= 1, "a kill leaves at most one email sent but not marked");
        duplicates.ShouldBe(unmarkedPerKill.Sum(), "only those arrive twice");
    }

    private static void Stop(Process process)
    {
        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    private static Task<int> PendingAsync(AppFixture app) =>
        app.WithDbAsync(db => db.Emails.CountAsync(e => e.Status != EmailStatus.Sent));

    private async Task WaitAsync(Func<Task<bool>> done, string what, StringBuilder log)
    {
        var deadline = Stopwatch.StartNew();
        while (!await done())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                output.WriteLine(log.ToString());
                throw new TimeoutException($"Waited a minute for {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>`dotnet Allyship.Web.dll` on the fixture's database, with its job server, sending to the fixture's SMTP server.</summary>
    private static Process StartApp(AppFixture app, out StringBuilder log)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in app.Environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Allyship.TestSupport.Ports.Free()}";
        start.Environment["Jobs__ServerEnabled"] = "true";
        start.Environment["App__BaseUrl"] = "https://allyship.example.org";
        start.Environment["Email__From"] = "Allyship <allyship@example.org>";
        start.Environment["Email__Smtp__Host"] = "127.0.0.1";
        start.Environment["Email__Smtp__Port"] = app.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Email__Smtp__UseStartTls"] = "false";
        start.Environment["Email__Concurrency"] = "4";
        start.Environment["Email__BatchSize"] = "50";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = lines;
        return process;
    }
}
