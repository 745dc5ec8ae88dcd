using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.People;

/// <summary>
/// Giving and taking access: a role granted or removed, an account deactivated (or let back in). Separated duties come
/// from <see cref="RoleRules"/>; the last active program admin and the last active HR account stay. Taking anything away renews the security stamp
/// in the same transaction, so every session of the account ends within a minute on every instance.
/// </summary>
public static class AccountAccess
{
    public sealed record Change(bool Done, string Message);

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, AuditLog audit, SecurityEvents events, TimeProvider clock)
    {
        public const string LastAdmin = "This is the last active program admin: make someone else a program admin first.";
        public const string LastHr = "This is the last active HR account: give someone else the HR role first.";

        /// <summary>The roles that always keep an active holder, and what is said when the last one would go.</summary>
        public static readonly IReadOnlyDictionary<string, string> KeepsOne = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Roles.ProgramAdmin] = LastAdmin,
            [Roles.HR] = LastHr,
        };

        public static string UnknownRole(string? name) =>
            $"“{name}” is not a role here: choose {string.Join(", ", Roles.All.SkipLast(1).Select(Roles.Label))} or {Roles.Label(Roles.All[^1])}.";

        public Task<Change> GrantRoleAsync(ClaimsPrincipal actor, string userId, string? role, CancellationToken ct)
        {
            if (Roles.Find(role) is not { } known)
            {
                return Task.FromResult(new Change(false, UnknownRole(role)));
            }

            return ChangeAsync(actor, userId, known, endsSessions: false, async user =>
            {
                if (await users.IsInRoleAsync(user, known))
                {
                    return new Change(false, $"{user.Email} already has the {Roles.Label(known)} role.");
                }

                Identity.Check(await users.AddToRoleAsync(user, known));
                audit.Record(actor, "role.grant", user.Email!, known);
                return new Change(true, $"{user.Email} has the {Roles.Label(known)} role now.");
            }, ct);
        }

        public Task<Change> RemoveRoleAsync(ClaimsPrincipal actor, string userId, string? role, CancellationToken ct)
        {
            if (Roles.Find(role) is not { } known)
            {
                return Task.FromResult(new Change(false, UnknownRole(role)));
            }

            return ChangeAsync(actor, userId, known, endsSessions: true, async user =>
            {
                if (!await users.IsInRoleAsync(user, known))
                {
                    return new Change(false, $"{user.Email} does not have the {Roles.Label(known)} role.");
                }

                if (await LastHolderRefusalAsync(user, [known], ct) is { } last)
                {
                    return new Change(false, last);
                }

                Identity.Check(await users.RemoveFromRoleAsync(user, known));
                audit.Record(actor, "role.revoke", user.Email!, known);
                return new Change(true, $"{user.Email} no longer has the {Roles.Label(known)} role; their sessions end within a minute.");
            }, ct);
        }

        /// <summary>Someone who left: no sign-in, no email, out of every program. Their history stays in the reports.</summary>
        public Task<Change> DeactivateAsync(ClaimsPrincipal actor, string userId, CancellationToken ct) =>
            ChangeAsync(actor, userId, role: null, endsSessions: true, user => DeactivateAsync(actor, user, ct), ct);

        public Task<Change> ReactivateAsync(ClaimsPrincipal actor, string userId, CancellationToken ct) =>
            ChangeAsync(actor, userId, role: null, endsSessions: false, user => ReactivateAsync(actor, user), ct);

        /// <summary>
        /// <see cref="DeactivateAsync(ClaimsPrincipal, string, CancellationToken)"/> inside a command that already holds its
        /// transaction (provisioning, which also marks the directory entry as having left): the same rules, the same
        /// audit entry and the same end of every session.
        /// </summary>
        public async Task<Change> DeactivateWithinAsync(ClaimsPrincipal actor, AppUser user, CancellationToken ct) =>
            RoleRules.RefusalFor(actor, user.Id, null) is { } refusal ? new Change(false, refusal)
                : await ApplyAsync(actor, endsSessions: true, user, DeactivateAsync(actor, user, ct));

        /// <summary><see cref="ReactivateAsync(ClaimsPrincipal, string, CancellationToken)"/> inside a command that already holds its transaction.</summary>
        public async Task<Change> ReactivateWithinAsync(ClaimsPrincipal actor, AppUser user) =>
            RoleRules.RefusalFor(actor, user.Id, null) is { } refusal ? new Change(false, refusal)
                : await ApplyAsync(actor, endsSessions: false, user, ReactivateAsync(actor, user));

        private async Task<Change> DeactivateAsync(ClaimsPrincipal actor, AppUser user, CancellationToken ct)
        {
            if (!user.IsActive)
            {
                return new Change(false, $"{user.Email} is already deactivated.");
            }

            if (await RefusalToRemoveAsync(actor, user, ct) is { } refusal)
            {
                return new Change(false, refusal);
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
        }

        private async Task<Change> ReactivateAsync(ClaimsPrincipal actor, AppUser user)
        {
            if (user.IsActive)
            {
                return new Change(false, $"{user.Email} is active.");
            }

            user.DeactivatedUtc = null;
            Identity.Check(await users.UpdateAsync(user));
            audit.Record(actor, "account.reactivate", user.Email!);
            return new Change(true, $"{user.Email} may sign in again. Enrol them into programs from the invitations page.");
        }

        /// <summary>
        /// Why <paramref name="actor"/> may not switch off the account (deactivate or erase it): separated duties
        /// (<see cref="RoleRules.AccountRefusalFor"/>), or an active account that is the last active program admin or HR.
        /// </summary>
        public async Task<string?> RefusalToRemoveAsync(ClaimsPrincipal actor, AppUser user, CancellationToken ct)
        {
            var roles = (await users.GetRolesAsync(user)).Select(Roles.Find).OfType<string>().ToList();
            return RoleRules.AccountRefusalFor(actor, user.Id, roles.Contains(Roles.HR))
                ?? (user.IsActive ? await LastHolderRefusalAsync(user, roles, ct) : null);
        }

        /// <summary>The sentence for the first of <paramref name="roles"/> that keeps an active holder and would lose its last one with <paramref name="user"/>.</summary>
        private async Task<string?> LastHolderRefusalAsync(AppUser user, IEnumerable<string> roles, CancellationToken ct)
        {
            foreach (var role in roles.Where(KeepsOne.ContainsKey))
            {
                var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync(ct);
                if (!await db.Users.Where(AppUser.Active).AnyAsync(u => u.Id != user.Id && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId), ct))
                {
                    return KeepsOne[role];
                }
            }

            return null;
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

            return await db.InTransactionAsync(() => ApplyAsync(actor, endsSessions, user, change(user)), ct);
        }

        /// <summary>The change, and when it took something away, the end of every session of the account (a new security stamp).</summary>
        private async Task<Change> ApplyAsync(ClaimsPrincipal actor, bool endsSessions, AppUser user, Task<Change> change)
        {
            var result = await change;
            if (result.Done && endsSessions)
            {
                Identity.Check(await users.UpdateSecurityStampAsync(user));
                events.Record(SecurityEvents.SessionsRevoked, user, details: $"by {actor.FindFirstValue(ClaimTypes.Email) ?? "an admin"}");
            }

            return result;
        }
    }
}
