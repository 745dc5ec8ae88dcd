using System.Collections.Concurrent;
using System.ComponentModel;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// What changed in the database, and the one cache of what was read from it (ADR 20): values kept in
/// <see cref="HybridCache"/> under tags naming what they were read from, dropped when a committed change names one of
/// those tags. Every SaveChanges and bulk statement is watched by <see cref="DataChangesInterceptor"/>, the one place
/// that drops tags: at the commit it drops the tags of what the transaction wrote (the entity type, its program and
/// program week, its mentor, its account) here and, on PostgreSQL, tells the other instances (<see cref="CacheChannel"/>).
/// Nothing else removes an entry. A read that overlaps a change is returned but not kept (HybridCache alone would keep
/// it: it dates a value read across an invalidation after the invalidation).
/// </summary>
public sealed class DataChanges(HybridCache cache, CacheChannelState channel, IOptions<CacheOptions> options, Telemetry.AllyshipMetrics metrics)
{
    /// <summary>Counts drops; each tag remembers the count at its last drop, so a read knows whether one landed while it ran.</summary>
    private long _drops;
    private readonly ConcurrentDictionary<string, long> _droppedAt = new(StringComparer.Ordinal);

    /// <summary>The tag that drops everything (HybridCache's wildcard).</summary>
    public const string Everything = "*";

    public static string Of<TEntity>() => typeof(TEntity).Name;

    public static string OfMentor(string mentorId) => $"mentor:{mentorId}";

    /// <summary>Signalled by a bulk statement on mentors' rows (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, SQL), which names no mentor.</summary>
    public const string AnyMentor = "mentor:*";

    /// <summary>A program: its settings, or any row of it (an action, an enrolment, a rollup, a pulse answer).</summary>
    public static string OfProgram(int programId) => $"program:{programId}";

    /// <summary>Signalled by a bulk statement on programs' rows, which names no program.</summary>
    public const string AnyProgram = "program:*";

    /// <summary>One week of one program: its actions, rollups, closing.</summary>
    public static string OfWeek(int programId, DateOnly monday) => $"week:{programId}:{monday:yyyy-MM-dd}";

    /// <summary>A person's account (their user row: stamp, roles, department, name).</summary>
    public static string OfAccount(string userId) => $"account:{userId}";

    /// <summary>The topics of one mentor's own pages: their rows, and a bulk change that may have touched them.</summary>
    public static IEnumerable<string> ForMentor(string mentorId) => [OfMentor(mentorId), AnyMentor];

    /// <summary>The tags of a program's numbers: its rows, and a bulk change that may have touched them.</summary>
    public static IEnumerable<string> ForProgram(int programId) => [OfProgram(programId), AnyProgram];

    /// <summary>A rough size for a value with no estimate of its own (a fingerprint, one row).</summary>
    public const long SmallValue = 1024;

    /// <summary>
    /// The kept value, or <paramref name="readAsync"/>'s, kept until a change to one of <paramref name="tags"/> or the
    /// lifetime (at most <see cref="CacheOptions.UnconfirmedLifetimeSeconds"/> while other instances' changes may go unheard).
    /// <paramref name="bytes"/> estimates the value's memory: the cache is bounded in bytes (<see cref="CacheOptions.MaxMegabytes"/>).
    /// Callers asking for the same key together share one read (HybridCache's stampede protection). A value is kept per
    /// language (the key ends with the reader's UI culture): what a read puts in words is in the words of its reader.
    /// </summary>
    public async Task<T> GetOrReadAsync<T>(string key, IReadOnlyCollection<string> tags, TimeSpan lifetime, Func<Task<T>> readAsync,
        Func<T, long>? bytes = null, CancellationToken ct = default)
        where T : class
    {
        key = $"{key}:{System.Globalization.CultureInfo.CurrentUICulture.Name}";
        var read = new Read<T>(this, tags, readAsync, bytes);
        Kept<T> kept;
        try
        {
            kept = await cache.GetOrCreateAsync(key, read, static (r, _) => r.RunAsync(), Entry(lifetime), tags, ct);
        }
        catch (ReadDuringChange overlapped)
        {
            return (T)overlapped.Value; // read while a change committed: as fresh as a read can be, but not kept
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return await readAsync(); // the request whose read the others joined went away; this one reads for itself
        }

        metrics.CacheLookup(hit: !read.Ran);
        if (read.Ran && DroppedSince(tags, read.Started))
        {
            // A drop between the read's own check and HybridCache storing it: that copy must not stay.
            await cache.RemoveAsync(key, CancellationToken.None);
        }

        return kept.Value;
    }

    /// <summary>What was kept under <paramref name="key"/> and is still current, or null (the rendered pages' store).</summary>
    internal async ValueTask<Kept<T>?> FindAsync<T>(string key, CancellationToken ct)
        where T : class
    {
        var kept = await cache.GetOrCreateAsync<Kept<T>?>(key, static _ => ValueTask.FromResult<Kept<T>?>(null),
            new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableUnderlyingData }, cancellationToken: ct);
        metrics.CacheLookup(hit: kept is not null);
        return kept;
    }

    /// <summary>
    /// Keeps a value read (and rendered) since <paramref name="started"/>, unless one of its tags was dropped since: a page
    /// rendered from data a change replaced while it was being made is not kept.
    /// </summary>
    internal async ValueTask KeepAsync<T>(string key, T value, long bytes, IReadOnlyCollection<string> tags, TimeSpan lifetime, long started, CancellationToken ct)
        where T : class
    {
        if (DroppedSince(tags, started))
        {
            return;
        }

        await cache.SetAsync(key, new Kept<T>(value, bytes), Entry(lifetime), tags, ct);
        if (DroppedSince(tags, started))
        {
            await cache.RemoveAsync(key, CancellationToken.None);
        }
    }

    /// <summary>A mark taken before a read: <see cref="DroppedSince"/> tells whether one of its tags was dropped after it.</summary>
    public long Mark() => Volatile.Read(ref _drops);

    public bool DroppedSince(IEnumerable<string> tags, long mark) =>
        (_droppedAt.TryGetValue(Everything, out var all) && all > mark)
        || tags.Any(t => _droppedAt.TryGetValue(t, out var at) && at > mark);

    private HybridCacheEntryOptions Entry(TimeSpan lifetime)
    {
        // While another instance's change could go unheard (the channel is down), nothing is kept long.
        var unconfirmed = TimeSpan.FromSeconds(options.Value.UnconfirmedLifetimeSeconds);
        var keep = channel.Confirmed || lifetime <= unconfirmed ? lifetime : unconfirmed;
        return new HybridCacheEntryOptions { Expiration = keep, LocalCacheExpiration = keep };
    }

    /// <summary>
    /// Drops every kept value with one of <paramref name="tags"/> on this instance. Called by the commit hook
    /// (<see cref="DataChangesInterceptor"/>) and by <see cref="CacheChannel"/> for other instances' commits; nothing else.
    /// </summary>
    internal void Signal(IEnumerable<string> tags)
    {
        foreach (var tag in tags)
        {
            // Counted before HybridCache hears of it: a read that ends after this sees it.
            _droppedAt[tag] = Interlocked.Increment(ref _drops);
            var dropped = cache.RemoveByTagAsync(tag);
            if (!dropped.IsCompletedSuccessfully)
            {
                dropped.AsTask().GetAwaiter().GetResult(); // completes at once: there is no second-level cache
            }
        }
    }

    /// <summary>One caller's read, run by HybridCache when the key is missing; remembers whether and when it ran.</summary>
    private sealed class Read<T>(DataChanges changes, IReadOnlyCollection<string> tags, Func<Task<T>> readAsync, Func<T, long>? bytes)
        where T : class
    {
        public bool Ran { get; private set; }

        public long Started { get; private set; }

        /// <summary>The caller's language: HybridCache may run the read where the request's culture does not flow.</summary>
        private readonly (System.Globalization.CultureInfo Formats, System.Globalization.CultureInfo Words) _culture =
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);

        public async ValueTask<Kept<T>> RunAsync()
        {
            Ran = true;
            Started = changes.Mark();
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = _culture;
            var value = await readAsync();
            if (changes.DroppedSince(tags, Started))
            {
                throw new ReadDuringChange(value); // HybridCache keeps nothing from a failed read
            }

            return new Kept<T>(value, bytes?.Invoke(value) ?? SmallValue);
        }
    }
}

/// <summary>A read that a committed change overlapped: its value goes to the callers, nowhere else.</summary>
#pragma warning disable CA1032, RCS1194 // not a public exception: only ever thrown by Read and caught by GetOrReadAsync
internal sealed class ReadDuringChange(object value) : Exception("A change was committed during the read.")
#pragma warning restore CA1032, RCS1194
{
    public object Value { get; } = value;
}

/// <summary>
/// A value as kept, with its estimated size in bytes. Immutable to HybridCache (sealed, [ImmutableObject(true)]): kept
/// as the object itself, never copied; the values inside are shared between requests and only ever read.
/// </summary>
[ImmutableObject(true)]
internal sealed class Kept<T>(T value, long bytes)
{
    public T Value { get; } = value;

    public long Bytes { get; } = bytes;
}

/// <summary>
/// The commit hook: drops the cache tags (<see cref="DataChanges"/>) of what a SaveChanges wrote, and of the table a bulk
/// statement (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, raw SQL) changed: right after the write, and again when the
/// surrounding transaction commits (a reader between the two may have kept what was there before the commit). At the
/// commit it also tells the other instances (<see cref="CacheChannel"/>, PostgreSQL only).
/// </summary>
public sealed partial class DataChangesInterceptor(DataChanges changes, CacheChannel channel) : SaveChangesInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, HashSet<string>> Pending = [];

    [System.Text.RegularExpressions.GeneratedRegex("""^\s*(?:UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+"([^"]+)"\s""", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex WriteStatement();

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        CollectStatement(command, eventData);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CollectStatement(command, eventData);
        return ValueTask.FromResult(result);
    }

    /// <summary>A write statement outside SaveChanges: its table's entity topic, and every mentor's when its rows are mentors' own.</summary>
    private void CollectStatement(DbCommand command, CommandExecutedEventData eventData)
    {
        // SaveChanges' own statements are collected from its entries (with their mentors), not by table.
        if (eventData.Context is not { } context || eventData.CommandSource == CommandSource.SaveChanges || WriteStatement().Match(command.CommandText) is not { Success: true } match)
        {
            return;
        }

        var table = match.Groups[1].Value;
        var topics = Pending.GetOrCreateValue(context);
        lock (topics)
        {
            foreach (var type in context.Model.GetEntityTypes().Where(t => t.GetTableName() == table))
            {
                AddTableTopics(topics, type.ClrType);
            }
        }

        Flush(context, keep: context.Database.CurrentTransaction is not null);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Flush(eventData.Context, keep: eventData.Context?.Database.CurrentTransaction is not null);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context, keep: eventData.Context?.Database.CurrentTransaction is not null);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context, keep: false);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context, keep: false);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var topics = Pending.GetOrCreateValue(context);
        lock (topics)
        {
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                {
                    continue;
                }

                AddTopics(topics, entry.Metadata.ClrType, entry.Entity);
            }
        }
    }

    /// <summary>
    /// A row written outside SaveChanges inside a transaction (<see cref="RowInsert"/>): the topics a save of it would
    /// signal, signalled at the commit (or forgotten at a rollback).
    /// </summary>
    public static void Wrote(DbContext context, object entity)
    {
        var topics = Pending.GetOrCreateValue(context);
        lock (topics)
        {
            AddTopics(topics, entity.GetType(), entity);
        }
    }

    /// <summary>
    /// Rows of <paramref name="type"/> written past EF inside a transaction (<c>BulkInsert</c>), not named one by one: the
    /// tags a bulk statement on their table drops, dropped at the commit.
    /// </summary>
    public static void Wrote(DbContext context, Type type)
    {
        var topics = Pending.GetOrCreateValue(context);
        lock (topics)
        {
            AddTableTopics(topics, type);
        }
    }

    /// <summary>The tags of some rows of a table, unnamed: its type, and every mentor's or program's when its rows are theirs.</summary>
    private static void AddTableTopics(HashSet<string> topics, Type type)
    {
        topics.Add(type.Name);
        if (typeof(IMentorOwned).IsAssignableFrom(type))
        {
            topics.Add(DataChanges.AnyMentor);
        }

        if (Keys.Of(type).Program is not null || type == typeof(PledgeProgram))
        {
            topics.Add(DataChanges.AnyProgram);
        }
    }

    /// <summary>
    /// A change the rows themselves do not name, declared by the command that makes it inside its transaction (a nudge
    /// queued for a program's mentor: an email row, which names no program): dropped at the commit with the rest.
    /// </summary>
    public static void Wrote(DbContext context, string tag)
    {
        var topics = Pending.GetOrCreateValue(context);
        lock (topics)
        {
            topics.Add(tag);
        }
    }

    /// <summary>The tags of one written row: its type, its mentor, its program and program week, its account.</summary>
    private static void AddTopics(HashSet<string> topics, Type type, object entity)
    {
        topics.Add(type.Name);
        if (entity is IMentorOwned { MentorId: { Length: > 0 } mentorId })
        {
            topics.Add(DataChanges.OfMentor(mentorId));
        }

        switch (entity)
        {
            case PledgeProgram program:
                topics.Add(DataChanges.OfProgram(program.Id));
                break;
            case AppUser user:
                topics.Add(DataChanges.OfAccount(user.Id));
                break;
        }

        var (programOf, weekOf) = Keys.Of(type);
        if (programOf?.GetValue(entity) is int programId)
        {
            topics.Add(DataChanges.OfProgram(programId));
            if (weekOf?.GetValue(entity) is DateOnly monday)
            {
                topics.Add(DataChanges.OfWeek(programId, monday));
            }
        }
    }

    /// <summary>The <c>ProgramId</c> and <c>WeekStart</c> properties of an entity type, where it has them.</summary>
    private static class Keys
    {
        private static readonly ConcurrentDictionary<Type, (System.Reflection.PropertyInfo? Program, System.Reflection.PropertyInfo? Week)> Found = new();

        public static (System.Reflection.PropertyInfo? Program, System.Reflection.PropertyInfo? Week) Of(Type type) => Found.GetOrAdd(type, static t =>
            (t.GetProperty("ProgramId") is { PropertyType: var p } program && p == typeof(int) ? program : null,
             t.GetProperty("WeekStart") is { PropertyType: var w } week && w == typeof(DateOnly) ? week : null));
    }

    /// <summary>Signals what was collected; inside a transaction the topics are kept to be signalled again at its commit.</summary>
    private void Flush(DbContext? context, bool keep)
    {
        if (context is null || !Pending.TryGetValue(context, out var topics))
        {
            return;
        }

        string[] now;
        lock (topics)
        {
            now = [.. topics];
            if (!keep)
            {
                topics.Clear();
            }
        }

        if (now.Length == 0)
        {
            return;
        }

        changes.Signal(now);
        if (!keep)
        {
            channel.Publish(now); // committed: the other instances drop the same tags
        }
    }

    private static void Forget(DbContext? context)
    {
        if (context is not null && Pending.TryGetValue(context, out var topics))
        {
            lock (topics)
            {
                topics.Clear();
            }
        }
    }
}
