using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
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

    public sealed class Handler(AllyshipDbContext db, UserManager<AppUser> users, TimeProvider clock)
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

        public async Task<(AppUser? User, List<FieldError> Errors)> AcceptAsync(Invitation invitation, string? name, string password, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return (null, [new("Name", "Enter your name as colleagues know it.")]);
            }

            var user = await users.FindByEmailAsync(invitation.Email);
            if (user is null)
            {
                user = new AppUser
                {
                    UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = name.Trim(),
                    Department = invitation.Department, CreatedUtc = clock.GetUtcNow().UtcDateTime,
                };
                var created = await users.CreateAsync(user, password);
                if (!created.Succeeded)
                {
                    return (null, created.Errors.Select(e => new FieldError("Password", e.Description)).ToList());
                }
            }

            foreach (var role in invitation.RoleList)
            {
                if (!await users.IsInRoleAsync(user, role))
                {
                    await users.AddToRoleAsync(user, role);
                }
            }

            if (invitation.ProgramId is { } programId && invitation.RoleList.Contains(Roles.Mentor)
                && !await db.Enrolments.AnyAsync(e => e.ProgramId == programId && e.MentorId == user.Id, ct))
            {
                db.Enrolments.Add(new Enrolment { ProgramId = programId, MentorId = user.Id });
            }

            invitation.Status = InvitationStatus.Accepted;
            invitation.AcceptedUserId = user.Id;
            invitation.AcceptedUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return (user, []);
        }
    }
}
