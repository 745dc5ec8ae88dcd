using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Concerns;

[Authorize(Roles = $"{Data.Roles.ProgramAdmin},{Data.Roles.HR}")]
public sealed class IndexModel(ConcernInbox.Handler inbox, Shared.ViewerTime viewer) : PageModel
{
    public IReadOnlyList<ConcernInbox.Row> Rows { get; private set; } = [];

    /// <summary>The zone the reader reads times in, named once on the page.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public string When(DateTime utc) => Shared.ViewerTime.Format(utc, Zone);

    public string Day(DateTime utc) => Infrastructure.Localisation.Text.Words["{0:d MMM}", TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone)];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await inbox.ListAsync(ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }
}
