using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Unsubscribe;

/// <summary>One-click unsubscribe from a signed link: no sign-in, and a bad or expired token changes nothing.</summary>
public static class Unsubscribe
{
    public sealed record Target(string UserId, string Email, EmailCategory Category);

    public sealed class Handler(AllyshipDbContext db, UnsubscribeTokens tokens)
    {
        public async Task<Target?> ReadAsync(string? token, CancellationToken ct)
        {
            if (!tokens.TryRead(token, out var userId, out var category))
            {
                return null;
            }

            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct);
            return email is null ? null : new Target(userId, email, category);
        }

        public async Task<Target?> ApplyAsync(string? token, CancellationToken ct)
        {
            if (await ReadAsync(token, ct) is not { } target)
            {
                return null;
            }

            var prefs = await db.MentorPreferences.SingleOrDefaultAsync(p => p.UserId == target.UserId, ct);
            if (prefs is null)
            {
                prefs = new MentorPreferences { UserId = target.UserId };
                db.MentorPreferences.Add(prefs);
            }

            prefs.Unsubscribe(target.Category);
            await db.SaveChangesAsync(ct);
            return target;
        }
    }

    public static string Describe(EmailCategory category) => category switch
    {
        EmailCategory.Reminders => "reminder emails",
        EmailCategory.WeeklySummary => "weekly summary emails",
        EmailCategory.AdminDigest => "weekly program digests",
        _ => "all Allyship emails",
    };
}
