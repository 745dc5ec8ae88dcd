using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Concerns;

[Authorize(Roles = $"{Data.Roles.ProgramAdmin},{Data.Roles.HR}")]
public sealed class IndexModel(ConcernInbox.Handler inbox) : PageModel
{
    public IReadOnlyList<ConcernInbox.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await inbox.ListAsync(ct);
}
