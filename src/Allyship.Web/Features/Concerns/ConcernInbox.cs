using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Concerns;

/// <summary>The program team's view of concerns: a list without the messages, and one concern read (and audited) at a time.</summary>
public static class ConcernInbox
{
    public sealed record Row(int Id, DateTime CreatedUtc, bool Anonymous, DateTime? FirstReadUtc);

    public sealed record Opened(int Id, DateTime CreatedUtc, string? From, string Message);

    public sealed class Handler(AllyshipDbContext db, NoteProtector protector, AuditLog audit, TimeProvider clock)
    {
        public Task<List<Row>> ListAsync(CancellationToken ct) =>
            db.Concerns.AsNoTracking().OrderByDescending(c => c.CreatedUtc).Take(500)
                .Select(c => new Row(c.Id, c.CreatedUtc, c.ColleagueId == null, c.FirstReadUtc))
                .ToListAsync(ct);

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

                    concern.FirstReadUtc ??= clock.GetUtcNow().UtcDateTime;
                    audit.Record(reader, "concern.read", $"concern {concern.Id}");
                    var from = concern.Colleague is { } c ? $"{c.Name} <{c.Email}>" : null;
                    return new Opened(concern.Id, concern.CreatedUtc, from, protector.Unprotect(concern.Message) ?? "");
                },
                ct);
    }
}
