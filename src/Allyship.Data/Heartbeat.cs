namespace Allyship.Web.Data;

/// <summary>
/// A row each instance rewrites when asked whether it is ready (so readiness proves a write works: a full disk turns it
/// unhealthy), and one row naming the database itself (<see cref="DatabaseIdentity"/>), written when the database is
/// created, by which an instance notices that its SQLite file was replaced under it.
/// </summary>
public sealed class Heartbeat
{
    public const string DatabaseIdentity = "database-identity";

    public string Instance { get; set; } = "";
    public DateTime AtUtc { get; set; }

    /// <summary>The database's identity token (on the <see cref="DatabaseIdentity"/> row only).</summary>
    public string? Token { get; set; }
}
