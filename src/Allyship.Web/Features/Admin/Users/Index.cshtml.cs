using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Users;

public sealed class IndexModel(People.Handler people) : AdminPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public IReadOnlyList<People.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await people.ListAsync(Search, id: null, ct);
}
