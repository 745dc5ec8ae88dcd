using System.Security.Claims;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Shared;

/// <summary>Adds an audit entry to the unit of work; it is saved with the change it describes, in one SaveChanges.</summary>
public sealed class AuditLog(AllyshipDbContext db, TimeProvider clock)
{
    /// <summary>
    /// A page of entries, newest first; optionally of one kind (an action, or a family such as "signin" for every
    /// "signin.*") and of one person (who did it, or whom it was about); and whether there are older ones.
    /// </summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, bool HasMore)> PageAsync(int page, int size, string? action, CancellationToken ct, string? person = null)
    {
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            var family = action.Trim() + ".";
            query = query.Where(a => a.Action == action.Trim() || a.Action.StartsWith(family));
        }

        if (!string.IsNullOrWhiteSpace(person))
        {
            var who = person.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // EF turns ToLower() into SQL lower(); string.Equals with a StringComparison does not translate
            query = query.Where(a => a.ActorEmail.ToLower() == who || a.Target.ToLower() == who);
#pragma warning restore CA1862
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

    /// <summary>The kinds of entry there are, for the log's filter.</summary>
    public async Task<IReadOnlyList<string>> KindsAsync(CancellationToken ct) =>
        await db.AuditLog.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);

    public void Record(ClaimsPrincipal actor, string action, string target, string? details = null) =>
        Record(actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", actor.FindFirstValue(ClaimTypes.Email) ?? actor.Identity?.Name ?? "", action, target, details);

    /// <summary>An entry by someone who is not signed in (yet): a sign-in, a reset link, an invitation accepted.</summary>
    public void Record(string actorId, string actorEmail, string action, string target, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            WhenUtc = clock.GetUtcNow().UtcDateTime,
            ActorId = actorId,
            ActorEmail = actorEmail,
            Action = action,
            Target = target.Length > 300 ? target[..300] : target,
            Details = details is { Length: > 4000 } ? details[..4000] : details,
        });
}
