using System.Linq.Expressions;

namespace Allyship.Web.Data;

/// <summary>
/// Which run of a recurring job may work now, across every instance: one row per job, named by the recurring job's id.
/// A run takes the lease when it is free or has expired, renews it while it works and frees it when it ends. A lease
/// that expired without being freed was held by a run that stopped (its instance crashed or was killed): any instance
/// may take it over, and one starts the job again at once (<c>JobLeases</c> in Infrastructure).
/// </summary>
public sealed class JobLease
{
    public const int JobMaxLength = 100;

    /// <summary>The recurring job's id (<c>JobsSetup.Ids</c>).</summary>
    public string Job { get; set; } = "";

    /// <summary>The instance of the run that holds (or last held) the lease: machine and process, for people reading the table.</summary>
    public string Instance { get; set; } = "";

    /// <summary>The run that holds (or last held) the lease: only this run renews or frees it.</summary>
    public Guid Run { get; set; }

    public DateTime TakenUtc { get; set; }

    /// <summary>Until when the run holds the lease unless it renews it; null when the run freed it.</summary>
    public DateTime? ExpiresUtc { get; set; }

    /// <summary>Nobody holds it: freed, or expired.</summary>
    public static Expression<Func<JobLease, bool>> FreeAt(DateTime now) => l => l.ExpiresUtc == null || l.ExpiresUtc < now;

    /// <summary>Expired without being freed: the run holding it stopped renewing it (it crashed, or is stuck).</summary>
    public static Expression<Func<JobLease, bool>> AbandonedAt(DateTime now) => l => l.ExpiresUtc != null && l.ExpiresUtc < now;
}
