using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Allyship.Web.Infrastructure.Database;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// The one cache (ADR 20): <see cref="HybridCache"/> over a memory cache bounded in bytes (<see cref="CacheOptions.MaxMegabytes"/>),
/// read and written through <see cref="DataChanges"/>, dropped by the commit hook, shared across instances through
/// <see cref="CacheChannel"/>.
/// </summary>
public static class CacheSetup
{
    /// <summary>The memory cache counts sizes in kibibytes: an entry's size is its estimate (<see cref="Kept{T}.Bytes"/>) rounded up.</summary>
    public const int UnitBytes = 1024;

    public static void AddCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CacheChannelState>();
        builder.Services.AddSingleton(services => new KeptMemory(services.GetRequiredService<IOptions<CacheOptions>>().Value));
        builder.Services.AddSingleton(services =>
        {
            // HybridCache takes its memory cache and its clock from the container it is built in. Its clock only orders
            // drops against reads (a tag dropped at t hides what was read before t), so it is the system's, never a
            // test's frozen clock: under a clock that stands still every read after a drop would count as before it.
            var own = new ServiceCollection();
            own.AddSingleton<IMemoryCache>(services.GetRequiredService<KeptMemory>().Cache);
            own.AddSingleton(TimeProvider.System);
            own.AddSingleton(services.GetRequiredService<ILoggerFactory>());
            own.AddHybridCache(o =>
            {
                o.MaximumKeyLength = 2048;
                o.ReportTagMetrics = false;
            }).AddSerializerFactory<KeptSizes>();
            return own.BuildServiceProvider().GetRequiredService<HybridCache>();
        });
        builder.Services.AddSingleton<DataChanges>();
        builder.Services.AddSingleton<CacheChannel>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CacheChannel>());
    }
}

/// <summary>The cache's memory (HybridCache's first level): bounded by <see cref="CacheOptions.MaxMegabytes"/>, counted in <see cref="CacheSetup.UnitBytes"/>.</summary>
public sealed class KeptMemory(CacheOptions options) : IDisposable
{
    public MemoryCache Cache { get; } = new(new MemoryCacheOptions
    {
        SizeLimit = (long)options.MaxMegabytes * (1024 * 1024 / CacheSetup.UnitBytes),
        TrackStatistics = true,
    });

    /// <summary>The estimated bytes held now, and the number of entries.</summary>
    public (long Bytes, long Entries) Held() =>
        Cache.GetCurrentStatistics() is { } s ? ((s.CurrentEstimatedSize ?? 0) * CacheSetup.UnitBytes, s.CurrentEntryCount) : (0, 0);

    public void Dispose() => Cache.Dispose();
}

/// <summary>
/// How HybridCache learns an entry's size: it measures the first level by the length of the serialized value, so a
/// <see cref="Kept{T}"/> "serializes" to one byte per <see cref="CacheSetup.UnitBytes"/> of its estimate. Nothing is ever
/// read back: there is no second level, and kept values are immutable to HybridCache, so held as objects.
/// </summary>
internal sealed class KeptSizes : IHybridCacheSerializerFactory
{
    public bool TryCreateSerializer<T>([NotNullWhen(true)] out IHybridCacheSerializer<T>? serializer)
    {
        if (typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(Kept<>))
        {
            serializer = (IHybridCacheSerializer<T>)Activator.CreateInstance(typeof(Size<>).MakeGenericType(typeof(T).GetGenericArguments()))!;
            return true;
        }

        serializer = null;
        return false;
    }

    private sealed class Size<TValue> : IHybridCacheSerializer<Kept<TValue>>
    {
        public Kept<TValue> Deserialize(ReadOnlySequence<byte> source) =>
            throw new NotSupportedException("Kept values live in this process only; there is no second-level cache to read them from.");

        public void Serialize(Kept<TValue> value, IBufferWriter<byte> target)
        {
            var units = (int)Math.Clamp((value.Bytes + CacheSetup.UnitBytes - 1) / CacheSetup.UnitBytes, 1, int.MaxValue / 2);
            target.GetSpan(units)[..units].Clear();
            target.Advance(units);
        }
    }
}
