using System.Security.Claims;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Shared;

/// <summary>Adds an audit entry to the unit of work; it is saved with the change it describes, in one SaveChanges.</summary>
public sealed class AuditLog(AllyshipDbContext db, TimeProvider clock)
{
    /// <summary>A page of entries, newest first, optionally of one action; and whether there are older ones.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, bool HasMore)> PageAsync(int page, int size, string? action, CancellationToken ct)
    {
        var query = db.AuditLog.AsNoTracking();
        if (action is not null)
        {
            query = query.Where(a => a.Action == action);
        }

        var entries = await query.OrderByDescending(a => a.Id).Skip((Math.Max(1, page) - 1) * size).Take(size + 1).ToListAsync(ct);
        return (entries.Take(size).ToList(), entries.Count > size);
    }

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
