using System.Security.Claims;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// The zone a signed-in person reads times in (issue 36): their own (Settings), else the programs' zone when every live
/// program shares one, else UTC; and the one way an admin page writes a moment in it. Pages name the zone once.
/// </summary>
public sealed class ViewerTime(AllyshipDbContext db)
{
    public async Task<TimeZoneInfo> ZoneAsync(ClaimsPrincipal viewer, CancellationToken ct)
    {
        var userId = viewer.UserId();
        var own = await db.MentorPreferences.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.TimeZoneId).SingleOrDefaultAsync(ct);
        if (TimeZones.TryFind(own, out var zone))
        {
            return zone;
        }

        var zones = await db.Programs.AsNoTracking().Where(PledgeProgram.Live).Select(p => p.TimeZoneId).Distinct().Take(2).ToListAsync(ct);
        return zones.Count == 1 && TimeZones.TryFind(zones[0], out zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>"4 Dec 2026 14:05" in <paramref name="zone"/>.</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone) =>
        Infrastructure.Localisation.Text.Words["{0:d MMM yyyy HH:mm}", TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone)];

    /// <summary>The zone as a page names it: "Europe/London", or "UTC".</summary>
    public static string Name(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
}
