using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Admin.Colleagues;

/// <summary>The colleague directory: search by name, email or department.</summary>
public sealed class IndexModel(ColleagueDirectory.Handler directory) : AdminPageModel
{
    public const int PageSize = ColleagueDirectory.PageSize;

    public string? Q { get; private set; }
    public int PageNumber { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<ColleagueDirectory.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(string? q, int page = 1, CancellationToken ct = default) =>
        (Q, PageNumber, Total, Rows) = await directory.SearchAsync(q, page, ct);
}
