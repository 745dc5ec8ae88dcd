using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>An app whose retries back off at most 30 seconds and send over 4 connections: an outage in minutes, not hours.</summary>
public sealed class QuickRetryApp : AppFixtureBase
{
    public TestFaults Faults { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(Faults));
        builder.UseSetting("Email:MaxBackoff", "00:00:30");
        builder.UseSetting("Email:Concurrency", "4");
        builder.UseSetting("Email:BatchSize", "25");
    }
}

public sealed class OutboxTests(QuickRetryApp app, ITestOutputHelper output) : IClassFixture<QuickRetryApp>, IDisposable
{
    public void Dispose() => app.Faults.Reset();

    private readonly AppFixtureBase _app = app.LogTo(output);

    private async Task<List<string>> QueueAsync(int count)
    {
        var keys = Enumerable.Range(0, count).Select(_ => TestData.Unique("outage")).ToList();
        await _app.WithDbAsync(db =>
        {
            foreach (var key in keys)
            {
                db.Emails.Add(new OutgoingEmail($"{key}@example.com", null, "Hello", "<p>Hi</p>", "Hi", EmailKind.Other, key).ToRow(_app.Clock.GetUtcNow().UtcDateTime));
            }

            return db.SaveChangesAsync();
        });
        return keys;
    }

    /// <summary>Two servers' dispatchers at once, as two instances whose job leases overlapped would run them.</summary>
    private Task<DispatchReport[]> BothDispatchersAsync() =>
        Task.WhenAll(
            _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.DispatchAsync()),
            _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.DispatchAsync()));

    [Fact]
    public async Task A_ten_minute_smtp_outage_loses_nothing_and_sends_nothing_twice()
    {
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero));
        var keys = await QueueAsync(60);
        Task<List<EmailMessage>> RowsAsync() => _app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => keys.Contains(e.DeduplicationKey)).ToListAsync());

        await _app.Smtp.StopAsync();
        try
        {
            for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(10); elapsed += TimeSpan.FromSeconds(30))
            {
                await BothDispatchersAsync();
                _app.Clock.Advance(TimeSpan.FromSeconds(30));
            }

            var during = await RowsAsync();
            during.ShouldAllBe(r => r.Status == EmailStatus.Pending && r.LockedUntilUtc == null && r.ClaimToken == null);
            during.Min(r => r.Attempts).ShouldBeGreaterThanOrEqualTo(10, "a retry every 30 seconds at most");
        }
        finally
        {
            _app.Smtp.Start();
        }

        await BothDispatchersAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        await BothDispatchersAsync();

        (await RowsAsync()).ShouldAllBe(r => r.Status == EmailStatus.Sent);
        foreach (var key in keys)
        {
            _app.Smtp.To($"{key}@example.com").Count.ShouldBe(1, key);
        }
    }

    [Fact]
    public async Task A_claim_counts_from_when_the_row_is_renewed_so_a_slow_batch_is_not_sent_twice()
    {
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero));
        var keys = await QueueAsync(3);

        // A batch claimed 6 minutes ago (its claim has lapsed) but whose rows are still being sent by a slow server:
        // another dispatcher may take them over, and then the first one's token no longer matches, so it skips them.
        var staleToken = Guid.NewGuid();
        await _app.WithDbAsync(db => db.Emails.Where(e => keys.Contains(e.DeduplicationKey))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimToken, staleToken)
                .SetProperty(e => e.LockedUntilUtc, _app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1))));
        await _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        var rows = await _app.WithDbAsync(db => db.Emails.AsNoTracking().Where(e => keys.Contains(e.DeduplicationKey)).ToListAsync());
        rows.ShouldAllBe(r => r.Status == EmailStatus.Sent && r.ClaimToken == null);

        // The first dispatcher now renews its claim before sending: nothing matches its token, nothing is sent again.
        var renewed = await _app.WithDbAsync(db => db.Emails
            .Where(e => keys.Contains(e.DeduplicationKey) && e.ClaimToken == staleToken && e.Status == EmailStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntilUtc, DateTime.UtcNow)));
        renewed.ShouldBe(0);
        keys.ShouldAllBe(k => _app.Smtp.To($"{k}@example.com").Count == 1);
    }

    [Fact]
    public async Task A_message_sent_but_not_marked_is_marked_on_the_next_run_and_not_sent_again()
    {
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.Zero));
        var key = (await QueueAsync(1)).Single();

        // Every try at the Sent mark fails (the database is briefly unavailable right after the SMTP server took it).
        app.Faults.FailTimes(4, "UPDATE \"Emails\"", "\"SentUtc\"");
        await _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        _app.Smtp.To($"{key}@example.com").Count.ShouldBe(1);
        (await _app.WithDbAsync(db => db.Emails.SingleAsync(e => e.DeduplicationKey == key))).Status.ShouldBe(EmailStatus.Pending);

        // Even once its claim has lapsed, this server marks it instead of sending it again.
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await _app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
        (await _app.WithDbAsync(db => db.Emails.SingleAsync(e => e.DeduplicationKey == key))).Status.ShouldBe(EmailStatus.Sent);
        _app.Smtp.To($"{key}@example.com").Count.ShouldBe(1);
    }
}
