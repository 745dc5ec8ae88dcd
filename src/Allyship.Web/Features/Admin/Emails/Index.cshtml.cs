using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Emails;

public sealed class IndexModel(OutboxStatus.Handler handler) : AdminPageModel
{
    public OutboxStatus.View View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => View = await handler.LoadAsync(ct);

    public async Task<IActionResult> OnPostRetryAsync(long? id, CancellationToken ct)
    {
        var count = await handler.RetryAsync(User, id, ct);
        TempData["Status"] = count switch
        {
            0 => "Nothing to retry: that message is no longer failed.",
            1 => "1 message is queued again; it goes out within a minute.",
            _ => $"{count} messages are queued again; they go out within a few minutes.",
        };
        return RedirectToPage();
    }
}
