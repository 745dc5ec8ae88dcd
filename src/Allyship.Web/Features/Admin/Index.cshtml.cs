using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Admin;

/// <summary>The program admin's start page: every program with its numbers at a glance.</summary>
public sealed class IndexModel(ProgramList.Handler list) : AdminPageModel
{
    public IReadOnlyList<ProgramList.Row> Programs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Programs = await list.ListAsync(ct);
}
