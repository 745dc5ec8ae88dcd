using Allyship.Web.Data;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Admin.Audit;

/// <summary>Every admin change, newest first.</summary>
public sealed class IndexModel(AuditLog audit) : AdminPageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public int PageNumber { get; private set; }
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(int page = 1, CancellationToken ct = default)
    {
        PageNumber = Math.Max(1, page);
        (Entries, HasMore) = await audit.PageAsync(PageNumber, PageSize, action: null, ct);
    }
}
