using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Features.Account;

/// <summary>
/// Signing in through the company's identity provider: the identity is matched to its linked account, or to an account
/// by the email the provider vouches for (and linked), or, for a domain in `AutoProvisionDomains`, to a new Mentor
/// account. Anyone else is refused: accounts come by invitation.
/// </summary>
public static class SingleSignOn
{
    public enum Result
    {
        SignedIn,
        NeedsSecondFactor,
        Expired,
        NoVerifiedEmail,
        NoAccount,
        Locked,
    }

    public sealed record Outcome(Result Result, string? Email = null);

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, ExternalSignIn external, TimeProvider clock, IEnumerable<IAccountOpened> opened)
    {
        public async Task<Outcome> CompleteAsync(CancellationToken ct)
        {
            if (external.Settings is not { } settings || await external.ReturnedAsync() is not { } info)
            {
                return new(Result.Expired);
            }

            var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
            var email = settings.VerifiedEmail(info.Principal);
            if (user is null)
            {
                if (email is null)
                {
                    await external.RefuseAsync(null, "the provider did not vouch for an email address");
                    return new(Result.NoVerifiedEmail);
                }

                user = await db.InTransactionAsync(async () =>
                {
                    var existing = await users.FindByEmailAsync(email);
                    if (existing is null && settings.MayProvision(email))
                    {
                        existing = new AppUser
                        {
                            UserName = email, Email = email, EmailConfirmed = true, DisplayName = ExternalSignIn.NameOf(info.Principal, email),
                            CreatedUtc = clock.GetUtcNow().UtcDateTime,
                        };
                        Identity.Check(await users.CreateAsync(existing));
                        Identity.Check(await users.AddToRoleAsync(existing, Roles.Mentor));
                        await external.LinkAsync(existing, info, $"new Mentor account ({email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..]} signs in without an invitation)");
                        foreach (var step in opened)
                        {
                            await step.OpenedAsync(existing, ct);
                        }
                    }
                    else if (existing is not null)
                    {
                        await external.LinkAsync(existing, info, $"matched by verified email {email}");
                    }

                    return existing;
                }, ct);

                if (user is null)
                {
                    await external.RefuseAsync(email, "no account and no invitation");
                    return new(Result.NoAccount, email);
                }
            }

            var result = await external.SignInAsync(user, info);
            return new(result.Succeeded ? Result.SignedIn : result.RequiresTwoFactor ? Result.NeedsSecondFactor : Result.Locked, email);
        }
    }
}
