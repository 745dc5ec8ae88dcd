using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>Finds the colleague an action is for: one picked from the directory, or a new one matched by email.</summary>
public sealed class ColleagueResolver(AllyshipDbContext db)
{
    /// <summary>
    /// The picked colleague may be named on an action: in the directory and not asking to stay unnamed, unless she is
    /// <paramref name="alreadyNamedId"/>, the colleague an edited action names already.
    /// </summary>
    public Task<bool> ExistsAsync(int? id, CancellationToken ct, int? alreadyNamedId = null) =>
        id is { } value
            ? value == alreadyNamedId ? db.Colleagues.Where(Colleague.Present).AnyAsync(c => c.Id == value, ct) : db.Colleagues.Where(Colleague.Pickable).AnyAsync(c => c.Id == value, ct)
            : Task.FromResult(false);

    /// <summary>
    /// The picked colleague when she may be named on a new action (as <see cref="ExistsAsync"/>), read untracked: the
    /// check and the colleague to attach in one query (the log form's hot path, issue 19).
    /// </summary>
    public Task<Colleague?> PickableAsync(int? id, CancellationToken ct) =>
        id is { } value ? PickableById(db, value, ct) : Task.FromResult<Colleague?>(null);

    private static readonly Func<AllyshipDbContext, int, CancellationToken, Task<Colleague?>> PickableById = EF.CompileAsyncQuery(
        (AllyshipDbContext db, int id, CancellationToken ct) => db.Colleagues.AsNoTracking().Where(Colleague.Pickable).SingleOrDefault(c => c.Id == id));

    /// <summary>
    /// Points the action at its colleague: one already in the directory by her id alone, so SaveChanges tracks, sorts and
    /// compares one entity, not two (issue 19's log POST); a new one by the navigation, inserted with the action.
    /// </summary>
    public void Refer(PledgeAction action, Colleague colleague)
    {
        if (colleague.Id != 0 && db.Entry(colleague).State == EntityState.Detached)
        {
            action.ColleagueId = colleague.Id;
        }
        else
        {
            action.Colleague = colleague;
        }
    }

    /// <summary>Whether a new colleague typed by email is someone in the directory who asked not to be named.</summary>
    public async Task<bool> NamesUnnamedAsync(ActionInput input, CancellationToken ct)
    {
        if (input.NewColleague is not { Email: { } typed })
        {
            return false;
        }

        var email = Colleague.NormalizeEmail(typed);
        return await db.Colleagues.AnyAsync(c => c.Email == email && c.NotNamed, ct);
    }

    /// <summary>
    /// The one rule for a sponsor note's leader: a name typed exactly as one senior leader's in the directory (any case)
    /// links the note to that leader, stored by reference with the directory's spelling; anything else stays free text.
    /// Other kinds name no leader.
    /// </summary>
    public async Task ApplyLeaderAsync(PledgeAction action, CancellationToken ct)
    {
        action.SeniorLeaderId = null;
        if (action.Kind != ActionKind.SponsorNote || action.SeniorLeader is not { } typed)
        {
            return;
        }

        // Leaders are few (the form lists them all): compared here, so "any case" means the same on SQLite and PostgreSQL.
        var matches = (await db.Colleagues.AsNoTracking().Where(Colleague.Pickable).Where(c => c.IsLeader)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Where(c => string.Equals(c.Name, typed, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        if (matches.Count == 1)
        {
            action.SeniorLeaderId = matches[0].Id;
            action.SeniorLeader = matches[0].Name;
        }
    }

    /// <summary>
    /// Returns the colleague to attach. A new name and email wins over the picked id; an email already in the
    /// directory reuses that colleague, so one email never makes two colleagues. The picked colleague already read
    /// (<see cref="PickableAsync"/>) is returned as she is, untracked and not read again: the caller refers to her by id
    /// (<see cref="Refer"/>). Nothing is saved here.
    /// </summary>
    public async Task<Colleague> ResolveAsync(ActionInput input, CancellationToken ct, Colleague? picked = null)
    {
        if (input.NewColleague is not { } details)
        {
            if (picked is not null && picked.Id == input.ColleagueId)
            {
                return picked;
            }

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
