using System.Data.Common;
using System.Runtime.CompilerServices;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyship.Web.Infrastructure.Telemetry;

/// <summary>
/// What the database writes tell the instruments: emails added to the outbox through SaveChanges (the set-based batches
/// count their own, <see cref="AllyshipMetrics.EmailsQueued"/>), counted once saved; and writes that failed, except the
/// duplicate keys and edit conflicts the app expects and handles, and cancelled requests.
/// </summary>
public sealed class TelemetryInterceptor(AllyshipMetrics metrics) : SaveChangesInterceptor, IDbCommandInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, Dictionary<EmailKind, int>> Queued = [];

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
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Failed(eventData.Context, eventData.Exception);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context, eventData.Exception);
        return Task.CompletedTask;
    }

    /// <summary>A write statement outside SaveChanges (a set-based insert or update) that failed.</summary>
    public void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges && eventData.ExecuteMethod == DbCommandMethod.ExecuteNonQuery && Counts(eventData.Exception))
        {
            metrics.WriteFailed();
        }
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    private static void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        Dictionary<EmailKind, int>? kinds = null;
        foreach (var entry in context.ChangeTracker.Entries<EmailMessage>())
        {
            if (entry.State == EntityState.Added)
            {
                kinds ??= [];
                kinds[entry.Entity.Kind] = kinds.GetValueOrDefault(entry.Entity.Kind) + 1;
            }
        }

        if (kinds is not null)
        {
            Queued.AddOrUpdate(context, kinds);
        }
    }

    private void Record(DbContext? context)
    {
        if (context is not null && Queued.TryGetValue(context, out var kinds))
        {
            Queued.Remove(context);
            foreach (var (kind, count) in kinds)
            {
                metrics.EmailsQueued(kind, count);
            }
        }
    }

    private void Failed(DbContext? context, Exception exception)
    {
        if (context is not null)
        {
            Queued.Remove(context);
        }

        if (Counts(exception))
        {
            metrics.WriteFailed();
        }
    }

    /// <summary>Not a duplicate key or an edit conflict (handled where they happen), nor a cancelled request.</summary>
    private static bool Counts(Exception exception) =>
        exception is not (OperationCanceledException or DbUpdateConcurrencyException) && !DbErrors.IsUniqueViolation(exception);
}
