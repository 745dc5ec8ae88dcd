using System.Collections.Concurrent;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// One read per key at a time: requests that miss the same cache entry together wait for the first one's read instead of
/// each doing it (eight admins opening the same dashboard as a change drops it do the work once, not eight times).
/// </summary>
public sealed class SingleFlight
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// The shared read runs with the first caller's <paramref name="read"/> (and so its request's cancellation): when that
    /// request goes away mid-read, the others do not fail with it but each read for themselves.
    /// </summary>
    public async Task<T> RunAsync<T>(string key, Func<Task<T>> read)
        where T : class
    {
        var own = new Lazy<Task<object>>(async () => await read());
        var flight = _running.GetOrAdd(key, own);
        try
        {
            return (T)await flight.Value;
        }
        catch (OperationCanceledException) when (!ReferenceEquals(flight, own))
        {
            return await read(); // the first caller was cancelled, not this one
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Lazy<Task<object>>>(key, flight));
        }
    }
}
