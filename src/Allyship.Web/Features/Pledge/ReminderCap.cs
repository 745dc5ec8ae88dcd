using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Pledge;

/// <summary>
/// The one rule for reminder-type emails (the mid-week reminder, the last call, an admin's nudge): a person gets at most
/// one in any 24 hours, whichever part of the app would send it and in whichever program.
/// </summary>
public static class ReminderCap
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static readonly IReadOnlyList<EmailKind> Kinds = [EmailKind.Reminder, EmailKind.LastCall, EmailKind.Nudge];

    public static bool IsReminder(EmailKind kind) => Kinds.Contains(kind);

    /// <summary>The people, of <paramref name="userIds"/>, who had a reminder-type email queued in the 24 hours before now.</summary>
    public static async Task<HashSet<string>> RemindedAsync(AllyshipDbContext db, IReadOnlyCollection<string> userIds, DateTime nowUtc, CancellationToken ct)
    {
        var since = nowUtc - Window;
        var kinds = Kinds.ToList();
        var reminded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Chunk(500))
        {
            reminded.UnionWith(await db.Emails.AsNoTracking()
                .Where(e => e.UserId != null && chunk.Contains(e.UserId) && e.CreatedUtc > since && kinds.Contains(e.Kind))
                .Select(e => e.UserId!).Distinct().ToListAsync(ct));
        }

        return reminded;
    }

    /// <summary>This person's latest reminder-type email within the window (its kind and when), or null.</summary>
    public static async Task<(EmailKind Kind, DateTime QueuedUtc)?> LatestAsync(AllyshipDbContext db, string userId, DateTime nowUtc, CancellationToken ct)
    {
        var since = nowUtc - Window;
        var kinds = Kinds.ToList();
        var last = await db.Emails.AsNoTracking()
            .Where(e => e.UserId == userId && e.CreatedUtc > since && kinds.Contains(e.Kind))
            .OrderByDescending(e => e.CreatedUtc).Select(e => new { e.Kind, e.CreatedUtc }).FirstOrDefaultAsync(ct);
        return last is null ? null : (last.Kind, last.CreatedUtc);
    }
}
