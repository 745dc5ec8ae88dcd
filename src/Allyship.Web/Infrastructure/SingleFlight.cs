using System.Collections.Concurrent;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// One read per key at a time: requests that miss the same cache entry together wait for the first one's read instead of
/// each doing it (eight admins opening the same dashboard as a change drops it do the work once, not eight times).
/// </summary>
public sealed class SingleFlight
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _running = new(StringComparer.Ordinal);

    public async Task<T> RunAsync<T>(string key, Func<Task<T>> read)
        where T : class
    {
        var flight = _running.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await read()));
        try
        {
            return (T)await flight.Value;
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Lazy<Task<object>>>(key, flight));
        }
    }
}
