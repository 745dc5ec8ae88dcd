using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// What changed in the database, for the caches of read-heavy pages (a mentor's week, the directory's leaders): every
/// SaveChanges is watched by <see cref="DataChangesInterceptor"/>, which signals, once the change is committed, the
/// topic of each changed entity type ("Colleague") and, for a row of one mentor's own (<see cref="IMentorOwned"/>),
/// that mentor's topic. A cache entry watches the topics it was read from and is dropped when one of them is signalled,
/// so this instance never serves what it has itself changed since. Changes it cannot see (another instance's writes,
/// bulk updates) are bounded by the entry's lifetime.
/// </summary>
public sealed class DataChanges(IMemoryCache cache)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _sources = new(StringComparer.Ordinal);
    private readonly SingleFlight _flights = new();
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);

    public static string Of<TEntity>() => typeof(TEntity).Name;

    public static string OfMentor(string mentorId) => $"mentor:{mentorId}";

    /// <summary>Signalled by a bulk statement on mentors' rows (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, SQL), which names no mentor.</summary>
    public const string AnyMentor = "mentor:*";

    /// <summary>The topics of one mentor's own pages: their rows, and a bulk change that may have touched them.</summary>
    public static IEnumerable<string> ForMentor(string mentorId) => [OfMentor(mentorId), AnyMentor];

    /// <summary>The cached value, or <paramref name="readAsync"/>'s, kept until a change to one of <paramref name="topics"/> or the lifetime.</summary>
    public async Task<T> GetOrReadAsync<T>(string key, IReadOnlyList<string> topics, TimeSpan lifetime, Func<Task<T>> readAsync)
        where T : class
    {
        if (cache.TryGetValue(key, out T? value) && value is not null)
        {
            return value;
        }

        return await _flights.RunAsync(key, async () =>
        {
            // The tokens are taken before the read: a change committed during the read drops what the read returns.
            var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 };
            foreach (var topic in topics)
            {
                options.AddExpirationToken(new CancellationChangeToken(_sources.GetOrAdd(topic, _ => new CancellationTokenSource()).Token));
            }

            var read = await readAsync();
            cache.Set(key, read, options);
            return read;
        });
    }

    /// <summary>
    /// A text that changes whenever one of <paramref name="topics"/> is signalled: part of a key under which something
    /// read from them is kept (<see cref="PersonalPageCacheAttribute"/>); taken before the read, like the tokens above.
    /// </summary>
    public string Version(IReadOnlyList<string> topics) =>
        string.Join('.', topics.Select(t => _versions.TryGetValue(t, out var v) ? v : 0));

    /// <summary>Drops every cache entry that watches one of <paramref name="topics"/>.</summary>
    public void Signal(IEnumerable<string> topics)
    {
        foreach (var topic in topics)
        {
            _versions.AddOrUpdate(topic, 1, static (_, v) => v + 1);
            // Not disposed: a reader may have just taken this source and be about to read its token.
            if (_sources.TryRemove(topic, out var source))
            {
                source.Cancel();
            }
        }
    }
}

/// <summary>
/// Signals <see cref="DataChanges"/> for what a SaveChanges wrote, and for the table a bulk statement
/// (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, raw SQL) changed: right after the write, and again when the surrounding
/// transaction commits (a reader between the two may have cached what was there before the commit).
/// </summary>
public sealed partial class DataChangesInterceptor(DataChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
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
                topics.Add(type.ClrType.Name);
                if (typeof(IMentorOwned).IsAssignableFrom(type.ClrType))
                {
                    topics.Add(DataChanges.AnyMentor);
                }
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

    private static void AddTopics(HashSet<string> topics, Type type, object entity)
    {
        topics.Add(type.Name);
        if (entity is IMentorOwned { MentorId: { Length: > 0 } mentorId })
        {
            topics.Add(DataChanges.OfMentor(mentorId));
        }
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

        changes.Signal(now);
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
