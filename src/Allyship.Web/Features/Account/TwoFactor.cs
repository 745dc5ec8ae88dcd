using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Accounts;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Allyship.Web.Features.Account;

/// <summary>
/// Two-factor sign-in with an authenticator app: enrol by QR code (or the key typed in), confirm with a code, keep ten
/// single-use recovery codes; turn it off or renew the codes with a current code. Every change renews the security stamp:
/// the account's other sessions end within a minute; this browser is signed in again.
/// </summary>
public static class TwoFactor
{
    public const string Issuer = "Allyship";
    public const int RecoveryCodeCount = 10;

    public sealed record Status(bool Enabled, int RecoveryCodesLeft, string? Key, string? QrSvg, bool Required);

    public sealed class Handler(
        AllyshipDbContext db,
        UserManager<AppUser> users,
        SignInManager<AppUser> signIn,
        SecurityEvents events,
        SecurityOptions security)
    {
        public async Task<Status?> StatusAsync(ClaimsPrincipal principal)
        {
            if (await users.GetUserAsync(principal) is not { } user)
            {
                return null;
            }

            var required = security.RequiresTwoFactor(principal);
            if (user.TwoFactorEnabled)
            {
                return new Status(true, await users.CountRecoveryCodesAsync(user), null, null, required);
            }

            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                Identity.Check(await users.ResetAuthenticatorKeyAsync(user));
                await signIn.RefreshSignInAsync(user); // the reset renewed the stamp
                key = (await users.GetAuthenticatorKeyAsync(user))!;
            }

            var uri = Totp.EnrolmentUri(Issuer, user.Email ?? user.UserName ?? user.Id, key);
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(5, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
            return new Status(false, 0, Grouped(key), svg, required);
        }

        /// <summary>Turns two-factor on with a first code from the app; the recovery codes, to be shown once, or errors.</summary>
        public async Task<(IReadOnlyList<string> Codes, IReadOnlyList<FieldError> Errors)> EnableAsync(ClaimsPrincipal principal, string code, CancellationToken ct)
        {
            if (await users.GetUserAsync(principal) is not { } user)
            {
                return ([], [new("", "Sign in again to set up two-factor.")]);
            }

            if (user.TwoFactorEnabled)
            {
                // Turning it on again would mark this session as two-factor without the second step of signing in.
                return ([], [new("", "Two-factor sign-in is already on for this account. Sign out and sign in again with a code from your app.")]);
            }

            var result = await db.InTransactionAsync<(IReadOnlyList<string>, IReadOnlyList<FieldError>)>(async () =>
            {
                if (!await users.VerifyTwoFactorTokenAsync(user, OnceOnlyAuthenticatorTokenProvider.Name, code))
                {
                    return ([], [new("Code", "That code doesn't match. Type the 6 digits your app shows now (they change every 30 seconds).")]);
                }

                Identity.Check(await users.SetTwoFactorEnabledAsync(user, true));
                var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
                events.Record(SecurityEvents.TwoFactorOn, user);
                return (codes, []);
            }, ct);

            if (result.Item2.Count == 0)
            {
                await SignInAgainWithSecondFactorAsync(user);
            }

            return result;
        }

        public async Task<IReadOnlyList<FieldError>> DisableAsync(ClaimsPrincipal principal, string code, CancellationToken ct)
        {
            if (await users.GetUserAsync(principal) is not { } user)
            {
                return [new("", "Sign in again to change two-factor.")];
            }

            if (security.RequiresTwoFactor(principal))
            {
                return [new("", "Your role needs two-factor sign-in, so it stays on. To move to a new phone, set it up again there with a recovery code.")];
            }

            var errors = await db.InTransactionAsync<IReadOnlyList<FieldError>>(async () =>
            {
                if (!await users.VerifyTwoFactorTokenAsync(user, OnceOnlyAuthenticatorTokenProvider.Name, code))
                {
                    return [new("Code", "That code doesn't match. Type the 6 digits your app shows now.")];
                }

                Identity.Check(await users.SetTwoFactorEnabledAsync(user, false));
                Identity.Check(await users.ResetAuthenticatorKeyAsync(user));
                events.Record(SecurityEvents.TwoFactorOff, user);
                return [];
            }, ct);
            if (errors.Count == 0)
            {
                await signIn.RefreshSignInAsync(user);
            }

            return errors;
        }

        public async Task<(IReadOnlyList<string> Codes, IReadOnlyList<FieldError> Errors)> RenewRecoveryCodesAsync(ClaimsPrincipal principal, string code, CancellationToken ct)
        {
            if (await users.GetUserAsync(principal) is not { TwoFactorEnabled: true } user)
            {
                return ([], [new("", "Two-factor is not on for this account.")]);
            }

            var result = await db.InTransactionAsync<(IReadOnlyList<string>, IReadOnlyList<FieldError>)>(async () =>
            {
                if (!await users.VerifyTwoFactorTokenAsync(user, OnceOnlyAuthenticatorTokenProvider.Name, code))
                {
                    return ([], [new("Code", "That code doesn't match. Type the 6 digits your app shows now.")]);
                }

                var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
                Identity.Check(await users.UpdateSecurityStampAsync(user));
                events.Record(SecurityEvents.RecoveryCodesRenewed, user);
                return (codes, []);
            }, ct);
            if (result.Item2.Count == 0)
            {
                await signIn.RefreshSignInAsync(user);
            }

            return result;
        }

        /// <summary>Whose password was just accepted, waiting for the second step (for five minutes); null if nobody's.</summary>
        public async Task<string?> PendingSignInAsync() => (await signIn.GetTwoFactorAuthenticationUserAsync())?.Id;

        /// <summary>The second step of signing in: a code from the app, or one of the recovery codes.</summary>
        public async Task<SignInResult> SignInAsync(string code, bool recovery, bool remember)
        {
            var user = await signIn.GetTwoFactorAuthenticationUserAsync();
            if (user is null)
            {
                return SignInResult.Failed;
            }

            var result = recovery
                ? await signIn.TwoFactorRecoveryCodeSignInAsync(code.Replace(" ", "", StringComparison.Ordinal))
                : await signIn.TwoFactorAuthenticatorSignInAsync(code, remember, rememberClient: false);
            await events.SaveAsync(
                result.Succeeded ? (recovery ? SecurityEvents.RecoveryCodeUsed : SecurityEvents.SignInSucceeded) : result.IsLockedOut ? SecurityEvents.LockedOut : SecurityEvents.CodeRefused,
                user, details: recovery ? "recovery code" : "authenticator code");
            return result;
        }

        private async Task SignInAgainWithSecondFactorAsync(AppUser user)
        {
            var current = await signIn.Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            await signIn.SignInWithClaimsAsync(user, current.Properties, [new Claim(Sessions.AuthenticationMethods, Sessions.MultiFactor)]);
        }

        private static string Grouped(string key) =>
            string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();
    }
}
