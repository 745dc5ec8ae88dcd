using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Concerns;

/// <summary>The program team's view of concerns: a list without the messages, and one concern read (and audited) at a time.</summary>
public static class ConcernInbox
{
    public sealed record Row(int Id, DateTime CreatedUtc, bool Anonymous, DateTime? FirstReadUtc, ConcernState State, string? Owner, bool Replied, DateTime DueUtc, bool Overdue);

    /// <summary>Someone who may own a concern: an active program admin or HR user.</summary>
    public sealed record Person(string Id, string Name);

    public sealed record Entry(ConcernEntryKind Kind, DateTime CreatedUtc, string Author, string Text);

    /// <summary>How she hears of a reply: by email (with her link), or only through her link.</summary>
    public enum ReplyReach
    {
        EmailAndLink,
        LinkOnlyAnonymous,
        LinkOnlyEmailsStopped,
        LinkOnlyErased,
    }

    public sealed record Opened(int Id, DateTime CreatedUtc, string? From, string Message, ConcernState State, string? OwnerId, string? Owner,
        IReadOnlyList<Entry> Entries, DateTime DueUtc, bool Overdue, ReplyReach Reach, IReadOnlyList<Person> Owners)
    {
        public string Reference => Concern.ReferenceOf(Id);
        public bool Replied => Entries.Any(e => e.Kind == ConcernEntryKind.Reply);
    }

    /// <summary>Active program admins and HR users: who may own a concern.</summary>
    internal static IQueryable<AppUser> Team(AllyshipDbContext db)
    {
        var roleIds = db.Roles.Where(r => r.Name == Roles.ProgramAdmin || r.Name == Roles.HR).Select(r => r.Id);
        return db.Users.Where(AppUser.Active).Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)));
    }

    public sealed class Handler(AllyshipDbContext db, NoteProtector protector, AuditLog audit, TimeProvider clock, IOptions<ConcernOptions> options)
    {
        public async Task<List<Row>> ListAsync(CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var days = options.Value.ReplyWithinWorkingDays;
            var rows = await db.Concerns.AsNoTracking().OrderByDescending(c => c.CreatedUtc).Take(500)
                .Select(c => new
                {
                    c.Id, c.CreatedUtc, Anonymous = c.ColleagueId == null, c.FirstReadUtc, c.State,
                    Owner = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                    Replied = c.Entries.Any(e => e.Kind == ConcernEntryKind.Reply),
                })
                .ToListAsync(ct);
            return rows.Select(c => new Row(c.Id, c.CreatedUtc, c.Anonymous, c.FirstReadUtc, c.State, c.Owner, c.Replied,
                Concern.ReplyDueUtc(c.CreatedUtc, days), Concern.IsOverdue(c.State, c.CreatedUtc, c.Replied, days, now))).ToList();
        }

        /// <summary>Reads one concern: the audit entry and the first-read stamp are saved with the reading, or it is not shown.</summary>
        public async Task<Opened?> OpenAsync(ClaimsPrincipal reader, int id, CancellationToken ct) =>
            await db.InTransactionAsync(
                async () =>
                {
                    var concern = await db.Concerns.Include(c => c.Colleague).SingleOrDefaultAsync(c => c.Id == id, ct);
                    if (concern is null)
                    {
                        return null;
                    }

                    var now = clock.GetUtcNow().UtcDateTime;
                    concern.FirstReadUtc ??= now;
                    audit.Record(reader, "concern.read", $"concern {concern.Id}");
                    var from = concern.Colleague is { } c ? $"{c.Name} <{c.Email}>" : null;
                    var entries = await db.ConcernEntries.AsNoTracking().Where(e => e.ConcernId == id).OrderBy(e => e.CreatedUtc).ThenBy(e => e.Id)
                        .Select(e => new { e.Kind, e.CreatedUtc, Author = db.Users.Where(u => u.Id == e.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), e.Text })
                        .ToListAsync(ct);
                    var owners = await Team(db).AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new Person(u.Id, u.DisplayName)).ToListAsync(ct);
                    var owner = concern.OwnerId is null ? null
                        : owners.FirstOrDefault(o => o.Id == concern.OwnerId)?.Name
                          ?? await db.Users.Where(u => u.Id == concern.OwnerId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
                    var list = entries.Select(e => new Entry(e.Kind, e.CreatedUtc, e.Author ?? "A former member of the team", protector.Unprotect(e.Text) ?? "")).ToList();
                    var days = options.Value.ReplyWithinWorkingDays;
                    var replied = list.Any(e => e.Kind == ConcernEntryKind.Reply);
                    return new Opened(concern.Id, concern.CreatedUtc, from, protector.Unprotect(concern.Message) ?? "", concern.State, concern.OwnerId, owner, list,
                        Concern.ReplyDueUtc(concern.CreatedUtc, days), Concern.IsOverdue(concern.State, concern.CreatedUtc, replied, days, now),
                        HandleConcern.ReachOf(concern.Colleague), owners);
                },
                ct);
    }
}
