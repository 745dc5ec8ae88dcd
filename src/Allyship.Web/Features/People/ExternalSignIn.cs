using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Accounts;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace Allyship.Web.Features.People;

/// <summary>
/// The end of a single sign-on: who the company's identity provider says came back, linking that identity to an
/// account, and signing the account in (with our second factor, unless the provider says it asked for one).
/// </summary>
public sealed class ExternalSignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users, SecurityEvents events, AuthenticationSettings authentication)
{
    public OidcSettings? Settings => authentication.Oidc;

    /// <summary>Off to the provider; back at <paramref name="returnTo"/> with the identity in a five-minute cookie.</summary>
    public ChallengeResult Challenge(string returnTo) =>
        new(AuthenticationSettings.Scheme, signIn.ConfigureExternalAuthenticationProperties(AuthenticationSettings.Scheme, returnTo));

    /// <summary>The identity that just came back from the provider (a five-minute cookie), or null.</summary>
    public Task<ExternalLoginInfo?> ReturnedAsync() => signIn.GetExternalLoginInfoAsync();

    /// <summary>The name the provider gives, for a new account.</summary>
    public static string NameOf(ClaimsPrincipal principal, string email) =>
        principal.FindFirstValue("name") is { Length: > 0 } name ? name.Trim() : email[..email.IndexOf('@', StringComparison.Ordinal)];

    /// <summary>Links the provider's identity to the account (in the caller's transaction) if it isn't yet.</summary>
    public async Task LinkAsync(AppUser user, ExternalLoginInfo info, string? details = null)
    {
        if (await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey) is null)
        {
            Identity.Check(await users.AddLoginAsync(user, info));
            events.Record(SecurityEvents.SsoLinked, user, details: details ?? $"{info.ProviderDisplayName} identity {info.ProviderKey}");
        }
    }

    public async Task<SignInResult> SignInAsync(AppUser user, ExternalLoginInfo info)
    {
        SignInResult result;
        if (OidcSettings.AssertsMultiFactor(info.Principal))
        {
            if (await users.IsLockedOutAsync(user) || !user.IsActive)
            {
                result = SignInResult.LockedOut;
            }
            else
            {
                await signIn.SignInWithClaimsAsync(user, isPersistent: false,
                    [new Claim(Sessions.AuthenticationMethods, Sessions.MultiFactor), new Claim(ClaimTypes.AuthenticationMethod, info.LoginProvider)]);
                await signIn.Context.SignOutAsync(IdentityConstants.ExternalScheme);
                result = SignInResult.Success;
            }
        }
        else
        {
            result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        }

        await events.SaveAsync(result.Succeeded ? SecurityEvents.SignInSucceeded : result.RequiresTwoFactor ? SecurityEvents.SignInSucceeded : SecurityEvents.SignInFailed,
            user, details: result.RequiresTwoFactor ? "single sign-on; second step next" : result.IsLockedOut ? "single sign-on; account locked" : "single sign-on");
        return result;
    }

    public async Task RefuseAsync(string? email, string reason)
    {
        await signIn.Context.SignOutAsync(IdentityConstants.ExternalScheme);
        await events.SaveAsync(SecurityEvents.SsoRefused, null, email ?? "(no verified email)", reason);
    }
}
