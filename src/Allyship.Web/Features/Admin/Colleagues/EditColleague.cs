using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Colleagues;

/// <summary>An admin corrects one directory entry: the colleague rules of <see cref="Colleague.Check"/>, and one person per email.</summary>
public static class EditColleague
{
    public sealed class Input
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Department { get; set; }
        public string? Level { get; set; }
        public string? ManagerEmail { get; set; }
        public bool Leader { get; set; }

        /// <summary>Her language tag; empty is the program's default.</summary>
        public string? Language { get; set; }

        public Colleague.Details ToDetails() => new(Name, Email, Department, Level, ManagerEmail, Leader, Language ?? "");

        public static Input From(Colleague.Details d) => new() { Name = d.Name, Email = d.Email, Department = d.Department, Level = d.Level, ManagerEmail = d.ManagerEmail, Leader = d.Leader == true, Language = d.Language };
    }

    public sealed record Result(bool Found, string? Name, IReadOnlyList<FieldError> Errors);

    public sealed class Handler(AllyshipDbContext db, AuditLog audit)
    {
        public async Task<Input?> LoadAsync(int id, CancellationToken ct) =>
            await db.Colleagues.AsNoTracking().Where(c => c.Id == id).Select(c => new Colleague.Details(c.Name, c.Email, c.Department, c.Level, c.ManagerEmail, c.IsLeader, c.Language))
                .SingleOrDefaultAsync(ct) is { } details ? Input.From(details) : null;

        /// <summary>The change and its audit entry in one commit; nothing is saved when any field is wrong.</summary>
        public async Task<Result> SaveAsync(ClaimsPrincipal actor, int id, Input input, CancellationToken ct)
        {
            try
            {
                return await db.InTransactionAsync(async () =>
                {
                    var colleague = await db.Colleagues.SingleOrDefaultAsync(c => c.Id == id, ct);
                    if (colleague is null)
                    {
                        return new Result(false, null, []);
                    }

                    var details = input.ToDetails();
                    var errors = Colleague.Check(details);
                    if (errors.Count == 0 && await db.Colleagues.AnyAsync(c => c.Email == Colleague.NormalizeEmail(details.Email!) && c.Id != id, ct))
                    {
                        errors.Add(new(nameof(Colleague.Details.Email), Colleague.EmailTaken));
                    }

                    if (errors.Count > 0)
                    {
                        return new Result(true, null, errors);
                    }

                    colleague.Apply(details);
                    audit.Record(actor, "colleague.edit", colleague.Email, $"{colleague.Name}; {colleague.Department}; {colleague.Level}{(colleague.IsLeader ? "; senior leader" : "")}{(colleague.Language is { } language ? "; language " + language : "")}");
                    return new Result(true, colleague.Name, []);
                }, ct);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // Another admin (or an import) gave that email to someone else a moment ago.
                return new Result(true, null, [new(nameof(Colleague.Details.Email), Colleague.EmailTaken)]);
            }
        }
    }
}
