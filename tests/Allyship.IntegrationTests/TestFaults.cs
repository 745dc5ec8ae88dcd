using System.Data.Common;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Allyship.IntegrationTests;

/// <summary>
/// Makes one step of a command fail, the way a full disk or a dropped connection would: the next SQL statement that
/// contains a given text throws. Also runs a piece of test code just before the app's next transaction begins (to
/// commit a competing write at the worst moment). Added to the app's DbContexts like any interceptor.
/// </summary>
public sealed class TestFaults : DbCommandInterceptor, IDbTransactionInterceptor
{
    private string[]? _failOn;
    private int _failSkip;
    private int _failTimes;
    private Func<Task>? _beforeNextTransaction;
    private (string[] Fragments, Func<Task> Action)? _afterNext;

    /// <summary>
    /// The next statement containing <paramref name="sqlFragment"/> (for example <c>INSERT INTO "Emails"</c>) fails once,
    /// after <paramref name="skip"/> such statements have gone through.
    /// </summary>
    public void FailNext(string sqlFragment, int skip = 0) => (_failOn, _failSkip, _failTimes) = ([sqlFragment], skip, 1);

    /// <summary>The next <paramref name="times"/> statements containing every one of <paramref name="sqlFragments"/> fail.</summary>
    public void FailTimes(int times, params string[] sqlFragments) => (_failOn, _failSkip, _failTimes) = (sqlFragments, 0, times);

    /// <summary>Runs <paramref name="action"/> right after the next statement containing all <paramref name="sqlFragments"/> has run.</summary>
    public void AfterNext(Func<Task> action, params string[] sqlFragments) => _afterNext = (sqlFragments, action);

    public void BeforeNextTransaction(Func<Task> action) => _beforeNextTransaction = action;

    private TaskCompletionSource? _transactionStarting;

    // On SQLite a command queues for the one writer before it begins its transaction (CommandTransaction): reaching that
    // queue opens the barrier too. The queue's span names the database file, which says whose app's command it was.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TestFaults> ByDatabaseFile = new(StringComparer.Ordinal);
    private static readonly System.Diagnostics.ActivityListener WriterQueue = Listen();

    private static System.Diagnostics.ActivityListener Listen()
    {
        var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == CommandTransaction.TracesName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (activity.OperationName == CommandTransaction.WaitForWriter && activity.GetTagItem("db.data_source") is string file
                    && ByDatabaseFile.TryGetValue(file, out var faults))
                {
                    Interlocked.Exchange(ref faults._transactionStarting, null)?.TrySetResult();
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>
    /// Completes when the app next begins a transaction (or, on SQLite, queues for the writer): a barrier for a race test,
    /// which goes on the moment a competing command reaches for the write lock (instead of sleeping and hoping it got there).
    /// </summary>
    public Task NextTransactionStarting()
    {
        _ = WriterQueue;
        var starting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _transactionStarting = starting;
        return starting.Task;
    }

    public bool Failed { get; private set; }

    public void Reset()
    {
        _failOn = null;
        _beforeNextTransaction = null;
        _afterNext = null;
        _transactionStarting = null;
        Failed = false;
        _recording = 0;
    }

    private int _recording;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _statements = new();

    /// <summary>Records the statements run from now on (see <see cref="Ran"/>).</summary>
    public void Record()
    {
        _statements.Clear();
        _recording = 1;
    }

    /// <summary>The statements recorded since <see cref="Record"/>, in order.</summary>
    public IReadOnlyList<string> Recorded => [.. _statements];

    /// <summary>How many recorded statements contained <paramref name="sqlFragment"/>.</summary>
    public int Ran(string sqlFragment) => _statements.Count(s => s.Contains(sqlFragment, StringComparison.Ordinal));

    private void Check(DbCommand command)
    {
        if (command.Connection is Microsoft.Data.Sqlite.SqliteConnection { DataSource: { Length: > 0 } file })
        {
            ByDatabaseFile.TryAdd(file, this);
        }

        if (_recording == 1)
        {
            _statements.Enqueue(command.CommandText);
        }

        if (_failOn is { } fragments && fragments.All(f => command.CommandText.Contains(f, StringComparison.Ordinal)) && _failSkip-- <= 0)
        {
            if (--_failTimes <= 0)
            {
                _failOn = null;
            }

            Failed = true;
            throw new InvalidOperationException($"Injected failure on: {string.Join(" … ", fragments)}");
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        await AfterAsync(command);
        return await base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        await AfterAsync(command);
        return await base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    private async Task AfterAsync(DbCommand command)
    {
        if (_afterNext is { } after && after.Fragments.All(f => command.CommandText.Contains(f, StringComparison.Ordinal)))
        {
            _afterNext = null;
            await after.Action();
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return base.NonQueryExecuting(command, eventData, result);
    }

    /// <summary>Savepoints are made through the transaction, not as statements: recorded as "SAVEPOINT name".</summary>
    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        if (_recording == 1)
        {
            _statements.Enqueue($"SAVEPOINT {eventData.TransactionId}");
        }

        return ValueTask.FromResult(result);
    }

    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (_recording == 1)
        {
            _statements.Enqueue($"SAVEPOINT {eventData.TransactionId}");
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _transactionStarting, null)?.TrySetResult();
        if (Interlocked.Exchange(ref _beforeNextTransaction, null) is { } action)
        {
            await action();
        }

        return result;
    }
}

/// <summary>An app whose database steps can be made to fail (<see cref="TestFaults"/>).</summary>
public sealed class FaultyApp : AppFixtureBase
{
    public TestFaults Faults { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(Faults));
    }
}
