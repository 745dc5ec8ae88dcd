using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// What dashboards read from a program's weeks that are not rolled up yet (the open week, and an ended one before its
/// rollup), kept briefly: every logged, edited or deleted action of the program evicts it (<see cref="Evict"/>, from
/// <c>RollupRefresher</c> after the commit), so this instance never shows an old number; entries also expire
/// after <see cref="Lifetime"/>, which bounds how stale another instance's copy can be behind a load balancer.
/// </summary>
public sealed class LiveWeekCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, CancellationTokenSource> _programs = new();

    /// <summary>The cached value, or <paramref name="read"/>'s, kept until the program's next action change or the lifetime.</summary>
    public async Task<T> GetOrReadAsync<T>(int programId, string key, Func<Task<T>> read)
        where T : class
    {
        var fullKey = $"live:{programId}:{key}";
        if (cache.TryGetValue(fullKey, out T? value) && value is not null)
        {
            return value;
        }

        // The token is taken before the read: a change committed during the read evicts what the read returns.
        var token = new CancellationChangeToken(_programs.GetOrAdd(programId, _ => new CancellationTokenSource()).Token);
        value = await read();
        cache.Set(fullKey, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 }.AddExpirationToken(token));
        return value;
    }

    /// <summary>Forgets everything cached live for the program (an action of it changed).</summary>
    public void Evict(int programId)
    {
        if (_programs.TryRemove(programId, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }
}
