using Microsoft.Extensions.Time.Testing;

namespace Allyship.IntegrationTests;

/// <summary>
/// The app's clock in tests: a FakeTimeProvider that tests may also set backwards (FakeTimeProvider refuses to),
/// by swapping in a new one. Its timers are real ones (TimeProvider's own): the app's only timers, a job lease's
/// renewal and the look for abandoned leases, run every ten real seconds and write times from the fake clock; tests
/// of those timers give the leases a FakeTimeProvider of their own (JobLeaseTests).
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private FakeTimeProvider _fake = new(start);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void SetUtcNow(DateTimeOffset value)
    {
        if (value < _fake.GetUtcNow())
        {
            _fake = new FakeTimeProvider(value);
        }
        else
        {
            _fake.SetUtcNow(value);
        }
    }

    public void Advance(TimeSpan by) => _fake.Advance(by);
}
