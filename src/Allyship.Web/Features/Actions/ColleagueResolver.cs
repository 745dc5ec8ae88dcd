using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Actions;

/// <summary>Finds the colleague an action is for: one picked from the directory, or a new one matched by email.</summary>
public sealed class ColleagueResolver(AllyshipDbContext db, DataChanges changes)
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
    /// The picked colleague when she may be named on a new action (as <see cref="ExistsAsync"/>), or null: the check and
    /// the colleague to refer to in one read, kept (<see cref="DataChanges"/>) until a colleague changes on this instance
    /// (every save or bulk statement on colleagues signals it) or for <see cref="CachedFor"/>, the bound on a change made
    /// by another instance. The log POST's hot path (issue 19): its reads before the write cost more than the write, as
    /// every commit empties the page cache of each pooled SQLite connection. The colleague returned is shared between
    /// requests: read, never changed or attached. Her name stays private all the same: pages and reports name a colleague
    /// by her choice at the time they are read (<see cref="Colleague.NameFor"/>), and the chat post asks it afresh.
    /// </summary>
    public async Task<Colleague?> PickableAsync(int? id, CancellationToken ct)
    {
        if (id is not { } value)
        {
            return null;
        }

        var read = await changes.GetOrReadAsync($"pickable-colleague:{value}", Topics, CachedFor, async () => new Picked(await PickableById(db, value, ct)), ct: ct);
        return read.Colleague;
    }

    /// <summary>How long a picked colleague is kept at most (as the week page and the live dashboard weeks).</summary>
    public static readonly TimeSpan CachedFor = TimeSpan.FromSeconds(30);

    private static readonly IReadOnlyList<string> Topics = [DataChanges.Of<Colleague>()];

    /// <summary>A read kept whether it found her or not (a colleague added later signals the topic and drops it).</summary>
    private sealed record Picked(Colleague? Colleague);

    private static readonly Func<AllyshipDbContext, int, CancellationToken, Task<Colleague?>> PickableById = EF.CompileAsyncQuery(
        (AllyshipDbContext db, int id, CancellationToken ct) => db.Colleagues.AsNoTracking().Where(Colleague.Pickable).SingleOrDefault(c => c.Id == id));

    /// <summary>
    /// Why a new colleague typed by email may not be named, when she is someone in the directory who cannot be picked:
    /// she asked not to be named, or she has left the organisation. Null when she may be named (or is new).
    /// </summary>
    public async Task<string?> TypedUnavailableAsync(ActionInput input, CancellationToken ct)
    {
        if (input.NewColleague is not { Email: { } typed })
        {
            return null;
        }

        var email = Colleague.NormalizeEmail(typed);
        var found = await db.Colleagues.AsNoTracking().SingleOrDefaultAsync(c => c.Email == email, ct);
        return found switch
        {
            { IsNameable: false } => Text.Words[Colleague.NotNamedSentence].Value,
            { IsStillHere: false } => Text.Words[Colleague.LeftSentence].Value,
            _ => null,
        };
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
    /// (<see cref="PickableAsync"/>) is returned as she is, untracked and not read again: the caller refers to her by id.
    /// A new one is added to the context (her id is 0 until saved). Nothing is saved here.
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
