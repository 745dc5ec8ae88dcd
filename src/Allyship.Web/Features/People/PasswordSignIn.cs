using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Features.People;

/// <summary>
/// Signing in with an email and a password. The answer gives away nothing about which accounts exist or are locked: an
/// unknown email, a wrong password and a locked account get the same outcome, and each costs one password hash.
/// </summary>
public static class PasswordSignIn
{
    public enum Outcome
    {
        SignedIn,
        NeedsSecondFactor,
        Refused,

        /// <summary>`Authentication:PasswordSignIn` is off and this did not sign a break-glass account in: use single sign-on.</summary>
        UseSingleSignOn,
    }

    public sealed class Handler(
        UserManager<AppUser> users,
        SignInManager<AppUser> signIn,
        IPasswordHasher<AppUser> hasher,
        SecurityEvents events,
        AuthenticationSettings authentication,
        Infrastructure.Telemetry.AllyshipMetrics metrics)
    {
        private static readonly AppUser Nobody = new() { Id = "nobody", UserName = "nobody" };
        private static string? _nobodysHash;

        public async Task<Outcome> SignInAsync(string email, string password, bool remember)
        {
            var user = await users.FindByEmailAsync(email.Trim());
            if (!authentication.PasswordSignIn && user is not { BreakGlass: true })
            {
                // The same work and the same answer as a break-glass account's wrong password: the page tells nobody
                // which emails are the emergency accounts.
                SpendOneHash(password);
                await events.SaveAsync(SecurityEvents.SignInFailed, user, user is null ? email.Trim().ToLowerInvariant() : null, "passwords are off");
                return Outcome.UseSingleSignOn;
            }

            if (user is null)
            {
                SpendOneHash(password);
                await events.SaveAsync(SecurityEvents.SignInFailed, null, email.Trim().ToLowerInvariant(), "no such account");
                return Outcome.Refused;
            }

            // Identity answers a locked or deactivated account before checking the password.
            var lockedBefore = await users.IsLockedOutAsync(user) || !user.IsActive;
            var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                await events.SaveAsync(SecurityEvents.SignInSucceeded, user, details: "password");
                return Outcome.SignedIn;
            }

            if (result.RequiresTwoFactor)
            {
                metrics.SignIn("two_factor_required");
                return Outcome.NeedsSecondFactor;
            }

            if (lockedBefore)
            {
                SpendOneHash(password);
            }

            await events.SaveAsync(result.IsLockedOut && !lockedBefore ? SecurityEvents.LockedOut : SecurityEvents.SignInFailed, user,
                details: !user.IsActive ? "account deactivated" : lockedBefore ? "account locked" : "wrong password");
            return authentication.PasswordSignIn ? Outcome.Refused : Outcome.UseSingleSignOn;
        }

        private void SpendOneHash(string password)
        {
            _nobodysHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Nobody, _nobodysHash, password);
        }
    }
}
