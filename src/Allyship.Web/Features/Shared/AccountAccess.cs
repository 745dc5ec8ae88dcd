using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// Giving and taking access: a role granted or removed, an account deactivated (or let back in). Separated duties come
/// from <see cref="RoleRules"/>; the last active program admin stays. Taking anything away renews the security stamp
/// in the same transaction, so every session of the account ends within a minute on every instance.
/// </summary>
public static class AccountAccess
{
    public sealed record Change(bool Done, string Message);

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, AuditLog audit, SecurityEvents events, TimeProvider clock)
    {
        public const string LastAdmin = "This is the last active program admin: make someone else a program admin first.";

        public Task<Change> GrantRoleAsync(ClaimsPrincipal actor, string userId, string role, CancellationToken ct) =>
            ChangeAsync(actor, userId, role, endsSessions: false, async user =>
            {
                if (await users.IsInRoleAsync(user, role))
                {
                    return new Change(false, $"{user.Email} already has the {role} role.");
                }

                Identity.Check(await users.AddToRoleAsync(user, role));
                audit.Record(actor, "role.grant", user.Email!, role);
                return new Change(true, $"{user.Email} has the {role} role now.");
            }, ct);

        public Task<Change> RemoveRoleAsync(ClaimsPrincipal actor, string userId, string role, CancellationToken ct) =>
            ChangeAsync(actor, userId, role, endsSessions: true, async user =>
            {
                if (!await users.IsInRoleAsync(user, role))
                {
                    return new Change(false, $"{user.Email} does not have the {role} role.");
                }

                if (role == Roles.ProgramAdmin && await IsLastActiveAdminAsync(user, ct))
                {
                    return new Change(false, LastAdmin);
                }

                Identity.Check(await users.RemoveFromRoleAsync(user, role));
                audit.Record(actor, "role.revoke", user.Email!, role);
                return new Change(true, $"{user.Email} no longer has the {role} role; their sessions end within a minute.");
            }, ct);

        /// <summary>Someone who left: no sign-in, no email, out of every program. Their history stays in the reports.</summary>
        public Task<Change> DeactivateAsync(ClaimsPrincipal actor, string userId, CancellationToken ct) =>
            ChangeAsync(actor, userId, role: null, endsSessions: true, async user =>
            {
                if (!user.IsActive)
                {
                    return new Change(false, $"{user.Email} is already deactivated.");
                }

                if (await users.IsInRoleAsync(user, Roles.ProgramAdmin) && await IsLastActiveAdminAsync(user, ct))
                {
                    return new Change(false, LastAdmin);
                }

                var now = clock.GetUtcNow().UtcDateTime;
                user.DeactivatedUtc = now;
                Identity.Check(await users.UpdateAsync(user));
                var enrolments = await db.Enrolments.Include(e => e.Program).Where(Enrolment.InProgram).Where(e => e.MentorId == user.Id).ToListAsync(ct);
                foreach (var enrolment in enrolments)
                {
                    enrolment.Leave(DateOnly.FromDateTime(now));
                }

                audit.Record(actor, "account.deactivate", user.Email!, enrolments.Count == 0 ? null : $"left {string.Join(", ", enrolments.Select(e => $"\"{e.Program.Name}\""))}");
                return new Change(true, $"{user.Email} is deactivated: no sign-in, no email, out of every program. Their history stays in the reports.");
            }, ct);

        public Task<Change> ReactivateAsync(ClaimsPrincipal actor, string userId, CancellationToken ct) =>
            ChangeAsync(actor, userId, role: null, endsSessions: false, async user =>
            {
                if (user.IsActive)
                {
                    return new Change(false, $"{user.Email} is active.");
                }

                user.DeactivatedUtc = null;
                Identity.Check(await users.UpdateAsync(user));
                audit.Record(actor, "account.reactivate", user.Email!);
                return new Change(true, $"{user.Email} may sign in again. Enrol them into programs from the invitations page.");
            }, ct);

        public async Task<bool> IsLastActiveAdminAsync(AppUser user, CancellationToken ct)
        {
            var adminRoleId = await db.Roles.Where(r => r.Name == Roles.ProgramAdmin).Select(r => r.Id).SingleAsync(ct);
            return !await db.Users.Where(AppUser.Active).AnyAsync(u => u.Id != user.Id && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId), ct);
        }

        private async Task<Change> ChangeAsync(ClaimsPrincipal actor, string userId, string? role, bool endsSessions, Func<AppUser, Task<Change>> change, CancellationToken ct)
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return new Change(false, "There is no such account.");
            }

            if (RoleRules.RefusalFor(actor, user.Id, role) is { } refusal)
            {
                return new Change(false, refusal);
            }

            return await db.InTransactionAsync(async () =>
            {
                var result = await change(user);
                if (result.Done && endsSessions)
                {
                    Identity.Check(await users.UpdateSecurityStampAsync(user));
                    events.Record(SecurityEvents.SessionsRevoked, user, details: $"by {actor.FindFirstValue(ClaimTypes.Email) ?? "an admin"}");
                }

                return result;
            }, ct);
        }
    }
}
