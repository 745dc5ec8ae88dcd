using System.Security.Claims;
using Allyship.Web.Data;

namespace Allyship.Web.Features.Shared;

/// <summary>Adds an audit entry to the unit of work; it is saved with the change it describes, in one SaveChanges.</summary>
public sealed class AuditLog(AllyshipDbContext db, TimeProvider clock)
{
    /// <summary>An event that changes nothing else (a download): recorded and saved on its own.</summary>
    public async Task SaveAsync(ClaimsPrincipal actor, string action, string target, string? details, CancellationToken ct)
    {
        Record(actor, action, target, details);
        await db.SaveChangesAsync(ct);
    }

    public void Record(ClaimsPrincipal actor, string action, string target, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            WhenUtc = clock.GetUtcNow().UtcDateTime,
            ActorId = actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            ActorEmail = actor.FindFirstValue(ClaimTypes.Email) ?? actor.Identity?.Name ?? "",
            Action = action,
            Target = target.Length > 300 ? target[..300] : target,
            Details = details is { Length: > 4000 } ? details[..4000] : details,
        });
}
