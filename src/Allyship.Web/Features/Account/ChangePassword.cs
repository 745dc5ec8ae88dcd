using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Features.Account;

/// <summary>
/// A signed-in person changes their password (with the current one), or signs out everywhere. Both renew the security
/// stamp: every other session of the account ends within a minute; this browser is signed in again.
/// </summary>
public static class ChangePassword
{
    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, SecurityEvents events)
    {
        public sealed record Profile(string Name, string Email, bool TwoFactor, IReadOnlyList<string> LinkedSignIns, bool HasPassword);

        public async Task<Profile?> ProfileAsync(System.Security.Claims.ClaimsPrincipal principal)
        {
            if (await users.GetUserAsync(principal) is not { } user)
            {
                return null;
            }

            var logins = await users.GetLoginsAsync(user);
            return new Profile(user.DisplayName, user.Email ?? "", user.TwoFactorEnabled,
                logins.Select(l => l.ProviderDisplayName ?? l.LoginProvider).Distinct().ToList(), await users.HasPasswordAsync(user));
        }

        public async Task<IReadOnlyList<FieldError>> ChangeAsync(System.Security.Claims.ClaimsPrincipal principal, string current, string next, CancellationToken ct)
        {
            if (await users.GetUserAsync(principal) is not { } user)
            {
                return [new("", "Sign in again to change your password.")];
            }

            var errors = await db.InTransactionAsync<IReadOnlyList<FieldError>>(async () =>
            {
                var result = await users.ChangePasswordAsync(user, current, next);
                if (!result.Succeeded)
                {
                    return result.Errors.Select(e => e.Code == "PasswordMismatch"
                        ? new FieldError("Current", "That is not your current password.")
                        : new FieldError("Password", e.Description)).ToList();
                }

                events.Record(SecurityEvents.PasswordChanged, user);
                return [];
            }, ct);
            if (errors.Count == 0)
            {
                await signIn.RefreshSignInAsync(user); // this browser carries the new stamp; the others don't
            }

            return errors;
        }

        public async Task SignOutEverywhereAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken ct)
        {
            if (await users.GetUserAsync(principal) is { } user)
            {
                await db.InTransactionAsync(async () =>
                {
                    Identity.Check(await users.UpdateSecurityStampAsync(user));
                    events.Record(SecurityEvents.SessionsRevoked, user, details: "signed out everywhere");
                    return true;
                }, ct);
                await Infrastructure.Accounts.Sessions.EndHereAsync(signIn.Context, principal); // at once here; elsewhere within a minute
            }

            await signIn.SignOutAsync();
        }
    }
}
