using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>Finds the colleague an action is for: one picked from the directory, or a new one matched by email.</summary>
public sealed class ColleagueResolver(AllyshipDbContext db)
{
    public Task<bool> ExistsAsync(int? id, CancellationToken ct) =>
        id is { } value ? db.Colleagues.Where(Colleague.Present).AnyAsync(c => c.Id == value, ct) : Task.FromResult(false);

    /// <summary>
    /// Returns the colleague to attach. A new name and email wins over the picked id; an email already in the
    /// directory reuses that colleague, so one email never makes two colleagues. Nothing is saved here.
    /// </summary>
    public async Task<Colleague> ResolveAsync(ActionInput input, CancellationToken ct)
    {
        if (input.NewColleague is not { } details)
        {
            return await db.Colleagues.SingleAsync(c => c.Id == input.ColleagueId, ct);
        }

        var normalized = Colleague.NormalizeEmail(details.Email!);
        var existing = await db.Colleagues.SingleOrDefaultAsync(c => c.Email == normalized, ct);
        if (existing is not null)
        {
            return existing;
        }

        var colleague = new Colleague();
        colleague.Apply(details);
        db.Colleagues.Add(colleague);
        return colleague;
    }
}
