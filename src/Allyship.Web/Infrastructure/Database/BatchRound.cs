using Allyship.Web.Data;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>
/// The one way a batch job does a round of its work (a week's rollup, a week's confirmation requests, a week's leader
/// digests, a quarter's pulse): the round's marker row first, whose unique key names the round, then the job's reads
/// and inserts, committed together as one command (<see cref="CommandTransaction.InTransactionAsync{T}"/>: on SQLite
/// through the writers' queue, holding the write lock from the start, so the reads see every write committed before).
/// A round already done, by an earlier run or by another server at the same moment, meets the marker's key (or an
/// email's): nothing of this run is kept and the answer is false. Any other error is the job's failure.
/// </summary>
public static class BatchRound
{
    /// <summary>
    /// Inserts <paramref name="marker"/>, runs <paramref name="work"/> (which may fill in the marker's counts) and commits;
    /// true when this run did the round, false when the round was done elsewhere first.
    /// </summary>
    public static async Task<bool> RunOnceAsync<TMarker>(this AllyshipDbContext db, TMarker marker, Func<TMarker, Task> work, CancellationToken ct)
        where TMarker : class
    {
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                db.Add(marker);
                await db.SaveChangesAsync(ct); // the marker first: a second run stops here, before any work
                await work(marker);
                return true;
            }, ct);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false; // rolled back by InTransactionAsync
        }
        finally
        {
            db.ChangeTracker.Clear(); // a job runs many rounds with one context: nothing of this one stays tracked
        }
    }
}
