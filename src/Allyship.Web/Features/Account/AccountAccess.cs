using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Features.Account;

/// <summary>
/// Taking access away: a role removed, an account deactivated (or let back in). Each renews the security stamp in the
/// same transaction, so every session of the account ends within a minute on every instance.
/// </summary>
public static class AccountAccess
{
    public enum Result
    {
        Done,
        NoSuchAccount,
        Unchanged,
    }

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, AuditLog audit, SecurityEvents events)
    {
        public Task<Result> RemoveRoleAsync(ClaimsPrincipal actor, string email, string role, CancellationToken ct) =>
            ChangeAsync(actor, email, async user =>
            {
                if (!await users.IsInRoleAsync(user, role))
                {
                    return false;
                }

                Identity.Check(await users.RemoveFromRoleAsync(user, role));
                audit.Record(actor, "role.revoke", user.Email!, role);
                return true;
            }, ct);

        public Task<Result> DeactivateAsync(ClaimsPrincipal actor, string email, CancellationToken ct) =>
            ChangeAsync(actor, email, async user =>
            {
                if (user.LockoutEnd == DateTimeOffset.MaxValue)
                {
                    return false;
                }

                Identity.Check(await users.SetLockoutEnabledAsync(user, true));
                Identity.Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
                audit.Record(actor, "account.deactivate", user.Email!);
                return true;
            }, ct);

        public Task<Result> ReactivateAsync(ClaimsPrincipal actor, string email, CancellationToken ct) =>
            ChangeAsync(actor, email, async user =>
            {
                if (user.LockoutEnd is null)
                {
                    return false;
                }

                Identity.Check(await users.SetLockoutEndDateAsync(user, null));
                Identity.Check(await users.ResetAccessFailedCountAsync(user));
                audit.Record(actor, "account.reactivate", user.Email!);
                return true;
            }, ct);

        private async Task<Result> ChangeAsync(ClaimsPrincipal actor, string email, Func<AppUser, Task<bool>> change, CancellationToken ct)
        {
            if (await users.FindByEmailAsync(email.Trim()) is not { } user)
            {
                return Result.NoSuchAccount;
            }

            return await db.InTransactionAsync(async () =>
            {
                if (!await change(user))
                {
                    return Result.Unchanged;
                }

                Identity.Check(await users.UpdateSecurityStampAsync(user));
                events.Record(SecurityEvents.SessionsRevoked, user, details: $"by {actor.FindFirstValue(ClaimTypes.Email) ?? "an admin"}");
                return Result.Done;
            }, ct);
        }
    }
}
