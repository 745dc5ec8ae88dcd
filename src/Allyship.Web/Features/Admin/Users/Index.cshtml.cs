using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Users;

public sealed class IndexModel(People.Handler people, ViewerTime viewer) : AdminPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public IReadOnlyList<People.Row> Rows { get; private set; } = [];

    /// <summary>The zone the page's times are in (the viewer's).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await people.ListAsync(Search, id: null, ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }
}
