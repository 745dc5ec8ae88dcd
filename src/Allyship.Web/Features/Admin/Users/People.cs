using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Users;

/// <summary>Every account: roles, programs, last sign-in (from the audit log's sign-in events), two-factor, status.</summary>
public static class People
{
    public sealed record Row(
        string Id, string Name, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Programs,
        DateTime? LastSignInUtc, bool TwoFactor, bool Active, DateTime? DeactivatedUtc);

    public sealed class Handler(AllyshipDbContext db)
    {
        public async Task<IReadOnlyList<Row>> ListAsync(string? search, string? id, CancellationToken ct)
        {
            var query = db.Users.AsNoTracking();
            if (id is not null)
            {
                query = query.Where(u => u.Id == id);
            }
            else if (!string.IsNullOrWhiteSpace(search))
            {
                var s = search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // EF turns ToLower() into SQL lower(); a StringComparison does not translate
                query = query.Where(u => u.Email!.ToLower().Contains(s) || u.DisplayName.ToLower().Contains(s));
#pragma warning restore CA1862
            }

            var users = await query.OrderBy(u => u.DeactivatedUtc != null).ThenBy(u => u.DisplayName).Take(500)
                .Select(u => new
                {
                    u.Id, u.DisplayName, u.Email, u.TwoFactorEnabled, u.DeactivatedUtc,
                    Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
                    Programs = db.Enrolments.Where(Enrolment.InProgram).Where(e => e.MentorId == u.Id).Select(e => e.Program.Name).ToList(),
                })
                .ToListAsync(ct);

            // Last sign-in, derived from the audit log: one grouped read for the listed people, not a subquery per person.
            var ids = users.Select(u => u.Id).ToList();
            var lastSignIn = await db.AuditLog.AsNoTracking()
                .Where(a => a.Action == SecurityEvents.SignInSucceeded && ids.Contains(a.ActorId))
                .GroupBy(a => a.ActorId).Select(g => new { g.Key, Last = g.Max(a => a.WhenUtc) })
                .ToDictionaryAsync(x => x.Key, x => x.Last, ct);
            return users.Select(u => new Row(u.Id, u.DisplayName, u.Email ?? "", u.Roles.Order().ToList(), u.Programs.Order().ToList(),
                lastSignIn.TryGetValue(u.Id, out var last) ? last : null, u.TwoFactorEnabled, u.DeactivatedUtc is null, u.DeactivatedUtc)).ToList();
        }
    }
}
