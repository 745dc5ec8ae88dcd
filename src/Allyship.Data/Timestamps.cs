using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Allyship.Web.Data;

/// <summary>An entity that records when it was created: stamped by <see cref="TimestampInterceptor"/> unless set.</summary>
public interface IHasCreatedUtc
{
    DateTime CreatedUtc { get; set; }
}

/// <summary>An entity that records when it last changed: stamped by <see cref="TimestampInterceptor"/> on every save.</summary>
public interface IHasUpdatedUtc
{
    DateTime UpdatedUtc { get; set; }
}

public interface ITimestamped : IHasCreatedUtc, IHasUpdatedUtc;

/// <summary>Stamps CreatedUtc and UpdatedUtc from the injected clock on every SaveChanges, by type rather than by property name.</summary>
public sealed class TimestampInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                Stamp(entry.Entity, entry.State == EntityState.Added, now);
            }
        }
    }

    /// <summary>The one rule for a row's times: CreatedUtc when added (unless set), UpdatedUtc on every write.</summary>
    public static void Stamp(object entity, bool added, DateTime now)
    {
        if (added && entity is IHasCreatedUtc created && created.CreatedUtc == default)
        {
            created.CreatedUtc = now;
        }

        if (entity is IHasUpdatedUtc updated)
        {
            updated.UpdatedUtc = now;
        }
    }
}
