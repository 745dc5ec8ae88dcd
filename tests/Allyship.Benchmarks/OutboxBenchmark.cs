using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Allyship.Web.Data;
using Allyship.Web.Features;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

/// <summary>
/// `outbox [count] [instances] [provider connection]`: queues <c>count</c> weekly-summary-sized emails (default 2,000) in a new
/// SQLite database (or the given PostgreSQL one), then lets <c>instances</c> app instances (default 2) run the outbox
/// dispatcher side by side until every row is sent to an SMTP server in this process. Prints the time, the rate per
/// minute, and how many messages arrived twice or not at all (both must be 0).
/// </summary>
internal static class OutboxBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var instances = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
        var postgres = args.Length > 2 ? args[2] : null;
        var folder = Path.Combine(Path.GetTempPath(), $"allyship-outbox-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);

        var received = new ConcurrentDictionary<string, int>();
        var port = FreePort();
        using var stopSmtp = new CancellationTokenSource();
        var smtpOptions = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var smtpServices = new SmtpServer.ComponentModel.ServiceProvider();
        smtpServices.Add(new CountingStore(received));
        var smtp = new SmtpServer.SmtpServer(smtpOptions, smtpServices).StartAsync(stopSmtp.Token);

        var apps = new List<WebApplication>();
        for (var i = 0; i < instances; i++)
        {
            var builder = WebApplication.CreateBuilder();
            builder.Configuration["Storage:DataDirectory"] = folder;
            builder.Configuration["Jobs:ServerEnabled"] = "false";
            builder.Configuration["Email:Smtp:Host"] = "127.0.0.1";
            builder.Configuration["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Configuration["Email:Smtp:UseStartTls"] = "false";
            builder.Configuration["Email:From"] = "Allyship <allyship@example.org>";
            if (postgres is not null)
            {
                builder.Configuration["Database:Provider"] = "Postgres";
                builder.Configuration["ConnectionStrings:Allyship"] = postgres;
            }

            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddData();
            builder.AddAllyshipIdentity();
            builder.AddEmail();
            builder.AddJobs();
            builder.AddFeatures();
            apps.Add(builder.Build());
        }

        await apps[0].Services.MigrateDatabaseAsync();
        var html = string.Concat(Enumerable.Repeat("<p>Your week: 36 of 36 minutes, streak 4. Colleagues: Amara Okafor, Bea Lind.</p>", 30));
        await using (var scope = apps[0].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
            var now = DateTime.UtcNow;
            for (var i = 0; i < count; i++)
            {
                db.Emails.Add(new OutgoingEmail($"mentor{i}@example.com", $"Mentor {i}", "Week complete: 36 minutes, streak 4", html, "Your week: 36 of 36 minutes",
                    EmailKind.WeeklySummary, $"bench:{Guid.NewGuid():N}").ToRow(now));
            }

            await db.SaveChangesAsync();
        }

        var options = apps[0].Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value;
        Console.WriteLine($"{count:N0} emails queued; {instances} instances, Email:Concurrency {options.Concurrency}, Email:BatchSize {options.BatchSize}, {(postgres is null ? "SQLite" : "PostgreSQL")}");
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(apps.Select(async app =>
        {
            while (true)
            {
                await using var scope = app.Services.CreateAsyncScope();
                // Without the job lease: this measures several dispatchers' claims side by side, not one run at a time.
                var report = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
                if (report.Sent + report.Retried + report.Failed == 0)
                {
                    return;
                }
            }
        }));
        var elapsed = clock.Elapsed;

        int pending;
        await using (var scope = apps[0].Services.CreateAsyncScope())
        {
            pending = await scope.ServiceProvider.GetRequiredService<AllyshipDbContext>().Emails.CountAsync(e => e.Status != EmailStatus.Sent);
        }

        var twice = received.Count(r => r.Value > 1);
        var missing = count - received.Count;
        Console.WriteLine($"sent {received.Count:N0} in {elapsed.TotalSeconds:F1} s = {received.Count / elapsed.TotalMinutes:N0} per minute; " +
            $"received twice: {twice}; missing: {missing}; rows not Sent: {pending}");

        await stopSmtp.CancelAsync();
        try
        {
            await smtp;
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return twice == 0 && missing == 0 && pending == 0 ? 0 : 1;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class CountingStore(ConcurrentDictionary<string, int> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            received.AddOrUpdate(message.MessageId ?? "(none)", 1, (_, n) => n + 1);
            return SmtpResponse.Ok;
        }
    }
}
