using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Allyship.Web.Features.Welcome;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Accounts;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Invite;

/// <summary>The invited person opens the emailed link, sets their name and password, and is in.</summary>
public static class AcceptInvitation
{
    public enum LinkState
    {
        Valid,
        Unknown,
        Expired,
        Used,
        Revoked,
    }

    public sealed record Lookup(LinkState State, Invitation? Invitation);

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, TimeProvider clock, GuideContent guide, Microsoft.Extensions.Options.IOptions<AppOptions> app,
        Infrastructure.Email.EmailRenderer renderer, PasswordSignIn.Handler passwordSignIn, AuditLog audit, AuthenticationSettings authentication,
        IEnumerable<IAccountOpened> opened)
    {
        public async Task<Lookup> FindAsync(string? token, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                return new(LinkState.Unknown, null);
            }

            var hash = Invitation.Hash(token);
            var invitation = await db.Invitations.Include(i => i.Program).SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
            return invitation switch
            {
                null => new(LinkState.Unknown, null),
                { Status: InvitationStatus.Accepted } => new(LinkState.Used, invitation),
                { Status: InvitationStatus.Revoked } => new(LinkState.Revoked, invitation),
                _ when invitation.ExpiresUtc <= clock.GetUtcNow().UtcDateTime => new(LinkState.Expired, invitation),
                _ => new(LinkState.Valid, invitation),
            };
        }

        /// <summary>
        /// Accepts a valid invitation with a password, once. A used link signs nobody in, whatever is posted. An existing
        /// account proves itself through the normal sign-in (<see cref="PasswordSignIn"/>: deactivation, lockout counting
        /// the failures, the second factor, passwords off, the audit); a new account is made, then signed in the same way.
        /// The roles, the enrolment, the invitation's status and its audit entry: one commit.
        /// </summary>
        public async Task<Outcome> AcceptAsync(string? token, string? name, string password, CancellationToken ct)
        {
            var lookup = await FindAsync(token, ct);
            if (lookup is not { State: LinkState.Valid, Invitation: { } invitation })
            {
                return new Outcome(lookup, null, []);
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                return new Outcome(lookup, null, [new("Name", "Enter your name as colleagues know it.")]);
            }

            var existing = await users.FindByEmailAsync(invitation.Email);
            if (existing is null && !authentication.PasswordSignIn)
            {
                return new Outcome(lookup, null, [UseSingleSignOn]);
            }

            if (existing is not null)
            {
                // An invitation never opens an existing account: its owner signs in, as on the sign-in page.
                switch (await passwordSignIn.SignInAsync(invitation.Email, password, remember: false))
                {
                    case PasswordSignIn.Outcome.UseSingleSignOn:
                        return new Outcome(lookup, null, [UseSingleSignOn]);
                    case PasswordSignIn.Outcome.Refused:
                        return new Outcome(lookup, null,
                            [new("Password", Infrastructure.Localisation.Text.Words["{0} already has an account: enter its password to accept, or use Forgotten password on the sign-in page (after 5 tries, wait 15 minutes).", invitation.Email])]);
                    case var signedIn:
                        return await CompleteInTransactionAsync(token, existing, signedIn, ct);
                }
            }

            var created = await db.InTransactionAsync(async () =>
            {
                var again = await FindAsync(token, ct);
                if (again is not { State: LinkState.Valid, Invitation: { } valid })
                {
                    return new Outcome(again, null, []);
                }

                var now = clock.GetUtcNow().UtcDateTime;
                var user = new AppUser
                {
                    UserName = valid.Email, Email = valid.Email, EmailConfirmed = true, DisplayName = name.Trim(),
                    Department = valid.Department, CreatedUtc = now,
                };
                var result = await users.CreateAsync(user, password);
                if (result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
                {
                    // The same form, posted a moment ago, made the account: run again and find the link used (PostgreSQL; SQLite serialises).
                    throw new BeatenToItException($"The account for {valid.Email} was created by a concurrent request.");
                }

                if (!result.Succeeded)
                {
                    return new Outcome(again, null, result.Errors.Select(e => new FieldError("Password", e.Description)).ToList());
                }

                await CompleteAsync(valid, user, now, ct);
                return new Outcome(again, user, []);
            }, ct, retryWhenBeatenTo: true);

            return created.User is null
                ? created
                : created with { SignIn = await passwordSignIn.SignInAsync(invitation.Email, password, remember: false) };
        }

        private FieldError UseSingleSignOn =>
            new("", Infrastructure.Localisation.Text.Words["Passwords are turned off here: use “Accept with {0}” above.", authentication.Oidc?.DisplayName ?? Infrastructure.Localisation.Text.Words["single sign-on"]]);

        /// <summary>The owner of an existing account has signed in (or passed the password step): the invitation is hers, if still unused.</summary>
        private Task<Outcome> CompleteInTransactionAsync(string? token, AppUser user, PasswordSignIn.Outcome signIn, CancellationToken ct) =>
            db.InTransactionAsync(async () =>
            {
                var lookup = await FindAsync(token, ct);
                if (lookup is not { State: LinkState.Valid, Invitation: { } invitation })
                {
                    return new Outcome(lookup, null, []);
                }

                await CompleteAsync(invitation, user, clock.GetUtcNow().UtcDateTime, ct);
                return new Outcome(lookup, user, [], signIn);
            }, ct);

        /// <summary>
        /// "Accept with Contoso": the company's identity provider vouches for the invited email (the same address, or the
        /// link is refused); the account is made or found, linked to that identity, and gets its roles. No password.
        /// </summary>
        public async Task<Outcome> AcceptWithSingleSignOnAsync(string? token, ExternalSignIn external, CancellationToken ct)
        {
            var info = await external.ReturnedAsync();
            var email = info is null ? null : external.Settings?.VerifiedEmail(info.Principal);
            var lookup = await FindAsync(token, ct);
            if (info is null || lookup is not { State: LinkState.Valid, Invitation: { } invitation })
            {
                return new Outcome(lookup, null, info is null ? [new("", "Signing in took too long. Try again.")] : []);
            }

            if (email is null || !string.Equals(email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            {
                await external.RefuseAsync(email, $"invitation for {invitation.Email}");
                return new Outcome(lookup, null, [new("", email is null
                    ? $"{external.Settings?.DisplayName} didn't confirm your email address. Accept with a password instead."
                    : $"You signed in as {email}, but this invitation is for {invitation.Email}. Sign in as {invitation.Email}, or ask for an invitation to {email}.")]);
            }

            return await db.InTransactionAsync(async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey) ?? await users.FindByEmailAsync(invitation.Email);
                if (user is { IsActive: false })
                {
                    return new Outcome(lookup, null, [new("", $"The account for {invitation.Email} is deactivated. Ask your program admin to reactivate it.")]);
                }

                if (user is null)
                {
                    user = new AppUser
                    {
                        UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = ExternalSignIn.NameOf(info.Principal, invitation.Email),
                        Department = invitation.Department, CreatedUtc = now,
                    };
                    Identity.Check(await users.CreateAsync(user));
                }

                await external.LinkAsync(user, info, $"invitation accepted with {info.ProviderDisplayName}");
                await CompleteAsync(invitation, user, now, ct);
                return new Outcome(lookup, user, []);
            }, ct);
        }

        private async Task CompleteAsync(Invitation invitation, AppUser user, DateTime now, CancellationToken ct)
        {
            foreach (var role in invitation.RoleList)
            {
                if (!await users.IsInRoleAsync(user, role))
                {
                    Identity.Check(await users.AddToRoleAsync(user, role));
                }
            }

            if (invitation.ProgramId is { } programId && invitation.RoleList.Contains(Roles.Mentor)
                && !await db.Enrolments.AnyAsync(e => e.ProgramId == programId && e.MentorId == user.Id, ct))
            {
                db.Enrolments.Add(new Enrolment { ProgramId = programId, MentorId = user.Id });

                // Instead of a reminder in the week she joins: a welcome, with the same three points as the welcome page.
                var program = await db.Programs.AsNoTracking().SingleAsync(p => p.Id == programId, ct);
                db.Emails.Add((await WelcomeMentor.EmailAsync(renderer, user, program, guide, app.Value.Link($"/welcome?program={programId}"), app.Value.Link("/guide#coffee"))).ToRow(now));
            }

            invitation.Status = InvitationStatus.Accepted;
            invitation.AcceptedUserId = user.Id;
            invitation.AcceptedUtc = now;
            audit.Record(user.Id, user.Email ?? "", "invitation.accept", invitation.Email, invitation.Program?.Name);
            foreach (var step in opened)
            {
                await step.OpenedAsync(user, ct);
            }
        }
    }

    /// <summary>
    /// What an accept came to: the account that accepted it and how far its sign-in went (<see cref="SignIn"/>, null for
    /// single sign-on), field errors, or a link that no longer works.
    /// </summary>
    public sealed record Outcome(Lookup Lookup, AppUser? User, IReadOnlyList<FieldError> Errors, PasswordSignIn.Outcome? SignIn = null);
}
