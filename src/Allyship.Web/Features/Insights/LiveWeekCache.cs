using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// What a program's dashboard computes from data that changes while a week is open (the open week's actions, the
/// colleague's answers, nudges), kept briefly: each change of that data evicts the program's entries after its commit
/// (<see cref="Evict(IMemoryCache, int)"/>: a logged, edited or deleted action through <c>RollupRefresher</c>, an answer
/// through <c>VoiceNumbers.Handler.Evict</c>, a pulse answer, a nudge), so this instance never shows an old number;
/// entries are read again after <see cref="Lifetime"/> (the others served the previous value meanwhile, for at most another
/// lifetime), which bounds how stale another instance's copy can be behind a load balancer, and what a change this code
/// does not see (a mentor's new department) can take.
/// </summary>
public sealed class LiveWeekCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private static readonly Lock Gate = new();
    private readonly Infrastructure.SingleFlight _flights = new();

    /// <summary>
    /// The cached value, or <paramref name="read"/>'s, kept until the program's next change or the lifetime. When the
    /// lifetime has passed without a change, one request reads again while the others are still served the value it
    /// replaces (for at most another lifetime): eight admins on a 30,000-mentor dashboard do not all wait for the re-read.
    /// </summary>
    public async Task<T> GetOrReadAsync<T>(int programId, string key, Func<Task<T>> read)
        where T : class
    {
        var fullKey = $"live:{programId}:{key}";
        if (cache.TryGetValue(fullKey, out Entry? entry) && entry?.Value is T value)
        {
            if (DateTime.UtcNow < entry.FreshUntil || Interlocked.Exchange(ref entry.Refreshing, 1) == 1)
            {
                return value;
            }

            return await ReadAsync(programId, fullKey, read);
        }

        // Admins opening the same dashboard together read it once (stampede protection).
        return await _flights.RunAsync(fullKey, () => ReadAsync(programId, fullKey, read));
    }

    private async Task<T> ReadAsync<T>(int programId, string fullKey, Func<Task<T>> read)
        where T : class
    {
        // The token is taken before the read: a change committed during the read evicts what the read returns.
        var token = new CancellationChangeToken(Source(programId).Token);
        var fresh = await read();
        cache.Set(fullKey, new Entry(fresh, DateTime.UtcNow + Lifetime),
            new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = 2 * Lifetime, Size = 1 }.AddExpirationToken(token));
        return fresh;
    }

    /// <summary>A value, when it is due to be read again, and whether a request is reading it again already.</summary>
    private sealed class Entry(object value, DateTime freshUntil)
    {
        public object Value { get; } = value;
        public DateTime FreshUntil { get; } = freshUntil;
        public int Refreshing;
    }

    public void Evict(int programId) => Evict(cache, programId);

    /// <summary>Forgets everything cached live for the program (something it shows changed).</summary>
    public static void Evict(IMemoryCache cache, int programId)
    {
        lock (Gate)
        {
            if (cache.TryGetValue(TokenKey(programId), out CancellationTokenSource? source) && source is not null)
            {
                cache.Remove(TokenKey(programId));
                source.Cancel();
            }
        }
    }

    private CancellationTokenSource Source(int programId)
    {
        lock (Gate)
        {
            if (!cache.TryGetValue(TokenKey(programId), out CancellationTokenSource? source) || source is null)
            {
                source = new CancellationTokenSource();
                // Never compacted away: an entry whose token source were gone could no longer be evicted.
                cache.Set(TokenKey(programId), source, new MemoryCacheEntryOptions { Priority = CacheItemPriority.NeverRemove, Size = 1 });
            }

            return source;
        }
    }

    private static string TokenKey(int programId) => $"live-token:{programId}";
}
