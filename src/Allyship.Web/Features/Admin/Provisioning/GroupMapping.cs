using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>The Provisioning page's groups: which group is the mentors of which program, chosen by an admin.</summary>
public static class GroupMapping
{
    /// <summary>A pushed group: how many members, how many of them have an account (only they can be enrolled), its program.</summary>
    public sealed record Row(int Id, string Name, int Members, int WithAccount, int? ProgramId, string? ProgramName);

    public sealed record ProgramChoice(int Id, string Name);

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, GroupEnrolments enrolments)
    {
        public async Task<IReadOnlyList<Row>> ListAsync(CancellationToken ct)
        {
            var groups = await db.ScimGroups.AsNoTracking().OrderBy(g => g.DisplayName)
                .Select(g => new { g.Id, g.DisplayName, g.ProgramId, ProgramName = g.Program == null ? null : g.Program.Name, Emails = g.Members.Select(m => m.Colleague.Email).ToList() })
                .ToListAsync(ct);
            var emails = groups.SelectMany(g => g.Emails).Select(e => e.ToUpperInvariant()).Distinct().ToList();
            var withAccount = (await db.Users.AsNoTracking().Where(AppUser.Active).Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => u.NormalizedEmail!).ToListAsync(ct))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            return groups.Select(g => new Row(g.Id, g.DisplayName, g.Emails.Count, g.Emails.Count(withAccount.Contains), g.ProgramId, g.ProgramName)).ToList();
        }

        public async Task<IReadOnlyList<ProgramChoice>> ProgramsAsync(CancellationToken ct) =>
            await db.Programs.AsNoTracking().Where(PledgeProgram.Live).OrderBy(p => p.Name).Select(p => new ProgramChoice(p.Id, p.Name)).ToListAsync(ct);

        /// <summary>Maps (or unmaps, with null) a group; its members with an account are enrolled at once. The sentence to show, or null for no such group.</summary>
        public async Task<string?> MapAsync(ClaimsPrincipal actor, int groupId, int? programId, CancellationToken ct)
        {
            return await db.InTransactionAsync(async () =>
            {
                var group = await db.ScimGroups.SingleOrDefaultAsync(g => g.Id == groupId, ct);
                if (group is null)
                {
                    return null;
                }

                var program = programId is { } pid ? await db.Programs.Where(PledgeProgram.Live).SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
                if (programId is not null && program is null)
                {
                    return Text.Words["That program is archived or gone: choose another."].Value;
                }

                if (group.ProgramId == null && program is null)
                {
                    return Text.Words["“{0}” is not mapped to a program.", group.DisplayName].Value;
                }

                // Saving the same program again enrols members who have an account since. Moving a group leaves the old
                // program's enrolments as they are: people stay mentors there until an admin removes them.
                if (group.ProgramId != program?.Id)
                {
                    group.ProgramId = program?.Id;
                    audit.Record(actor, "provisioning.group-map", group.DisplayName, program is null ? "no program" : $"mentors of \"{program.Name}\"");
                    await db.SaveChangesAsync(ct);
                }
                if (program is null)
                {
                    return Text.Words["“{0}” no longer enrols anyone; its members stay in the programs they are in.", group.DisplayName].Value;
                }

                var (enrolled, _) = await enrolments.SyncAsync(actor, group, null, [], ct);
                return Text.Words.Plural(enrolled, "“{1}” is now the mentors of {2}: {0} person enrolled. Members without an account are enrolled once they have one, when the group changes or you save this again.", "“{1}” is now the mentors of {2}: {0} people enrolled. Members without an account are enrolled once they have one, when the group changes or you save this again.", group.DisplayName, program.Name);
            }, ct);
        }
    }
}
