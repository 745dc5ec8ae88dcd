using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Pledge;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>
/// A group mapped to a program is that program's mentors: a member with an active account is enrolled (and given the
/// mentor role, never more); one who leaves the group leaves the program the way an admin's "remove" does, history kept.
/// A member without an account yet is remembered in the group and enrolled when her account is opened
/// (<see cref="IAccountOpened"/>), or at the group's next change or mapping.
/// </summary>
public sealed class GroupEnrolments(AllyshipDbContext db, UserManager<AppUser> users, AuditLog audit, ProgramCalendar calendar) : IAccountOpened
{
    /// <summary>Her account now exists: the programs of the mapped groups she is a member of take her in.</summary>
    public async Task OpenedAsync(AppUser user, CancellationToken ct)
    {
        var email = Colleague.NormalizeEmail(user.Email ?? "");
        if (await db.Colleagues.Where(Colleague.StillHere).Where(c => c.Email == email).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct) is not { } colleagueId)
        {
            return;
        }

        var groups = await db.ScimGroups.Where(g => g.ProgramId != null && g.Members.Any(m => m.ColleagueId == colleagueId)).ToListAsync(ct);
        if (groups.Count == 0)
        {
            return;
        }

        await db.SaveChangesAsync(ct); // what the opening command added (an invitation's enrolment) is seen below
        foreach (var group in groups)
        {
            var actor = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "provisioning"), new Claim(ClaimTypes.Email, $"provisioning (group “{group.DisplayName}”)")], "Provisioning"));
            await SyncAsync(actor, group, [colleagueId], [], ct);
        }
    }

    /// <summary>
    /// If <paramref name="group"/> is mapped: enrols <paramref name="added"/> (null: every saved member, as when an admin
    /// maps it) and takes <paramref name="removed"/> out. A change of membership touches only the people it names, so a
    /// large group's small change stays small.
    /// </summary>
    public async Task<(int Enrolled, int Removed)> SyncAsync(ClaimsPrincipal actor, ScimGroup group, IReadOnlyCollection<int>? added, IReadOnlyCollection<int> removed, CancellationToken ct)
    {
        if (group.ProgramId is not { } programId || await db.Programs.Where(PledgeProgram.Live).SingleOrDefaultAsync(p => p.Id == programId, ct) is not { } program)
        {
            return (0, 0);
        }

        var joining = db.ScimGroupMembers.Where(m => m.GroupId == group.Id);
        if (added is not null)
        {
            joining = joining.Where(m => added.Contains(m.ColleagueId));
        }

        var members = await joining.Select(m => m.ColleagueId).ToListAsync(ct);
        var enrolled = 0;
        foreach (var user in await AccountsOfAsync(members, ct))
        {
            enrolled += await EnrolAsync(actor, user, program, ct) ? 1 : 0;
        }

        // Still a member (through this group or another mapped to the same program): stays.
        var kept = await db.ScimGroupMembers.Where(m => removed.Contains(m.ColleagueId))
            .Where(m => db.ScimGroups.Any(g => g.Id == m.GroupId && g.ProgramId == programId)).Select(m => m.ColleagueId).ToListAsync(ct);
        var leaving = removed.Except(kept).ToList();
        var count = 0;
        foreach (var user in await AccountsOfAsync(leaving, ct))
        {
            var enrolment = await db.Enrolments.Include(e => e.Pauses).Where(Enrolment.InProgram)
                .SingleOrDefaultAsync(e => e.ProgramId == programId && e.MentorId == user.Id, ct);
            if (enrolment is not null)
            {
                enrolment.Leave(calendar.Today(program));
                audit.Record(actor, "enrolment.remove", user.Email!, $"program \"{program.Name}\" (left the group \"{group.DisplayName}\")");
                count++;
            }
        }

        return (enrolled, count);
    }

    /// <summary>She is back after leaving: the programs of her mapped groups take her in again.</summary>
    public async Task RestoreAsync(ClaimsPrincipal actor, int colleagueId, CancellationToken ct)
    {
        var groups = await db.ScimGroups.Where(g => g.ProgramId != null && g.Members.Any(m => m.ColleagueId == colleagueId)).ToListAsync(ct);
        foreach (var group in groups)
        {
            await SyncAsync(actor, group, [colleagueId], [], ct);
        }
    }

    private async Task<List<AppUser>> AccountsOfAsync(List<int> colleagueIds, CancellationToken ct)
    {
        if (colleagueIds.Count == 0)
        {
            return [];
        }

        var emails = (await db.Colleagues.Where(c => colleagueIds.Contains(c.Id)).Where(Colleague.StillHere).Select(c => c.Email).ToListAsync(ct))
            .Select(users.NormalizeEmail).ToList();
        return await db.Users.Where(AppUser.Active).Where(u => emails.Contains(u.NormalizedEmail!)).ToListAsync(ct);
    }

    private async Task<bool> EnrolAsync(ClaimsPrincipal actor, AppUser user, PledgeProgram program, CancellationToken ct)
    {
        var enrolment = await db.Enrolments.Include(e => e.Pauses).SingleOrDefaultAsync(e => e.ProgramId == program.Id && e.MentorId == user.Id, ct);
        if (enrolment is { HasLeft: false })
        {
            return false;
        }

        if (!await users.IsInRoleAsync(user, Roles.Mentor))
        {
            Infrastructure.Database.Identity.Check(await users.AddToRoleAsync(user, Roles.Mentor));
            audit.Record(actor, "role.grant", user.Email!, Roles.Mentor);
        }

        if (enrolment is null)
        {
            db.Enrolments.Add(new Enrolment { ProgramId = program.Id, MentorId = user.Id });
            audit.Record(actor, "enrolment.add", user.Email!, $"program \"{program.Name}\"");
        }
        else
        {
            enrolment.Resume(calendar.Today(program));
            audit.Record(actor, "enrolment.rejoin", user.Email!, $"program \"{program.Name}\"");
        }

        return true;
    }
}
