using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Emails;

public sealed class IndexModel(OutboxStatus.Handler handler, IEnumerable<EmailSample> samples) : AdminPageModel
{
    public OutboxStatus.View View { get; private set; } = null!;

    /// <summary>Every kind of email, to preview with made-up people.</summary>
    public IReadOnlyList<EmailSample> Samples { get; } = samples.ToList();

    public async Task OnGetAsync(CancellationToken ct) => View = await handler.LoadAsync(ct);

    public async Task<IActionResult> OnPostRetryChatAsync(long id, CancellationToken ct)
    {
        TempData["Status"] = await handler.RetryChatAsync(User, id, ct)
            ? "The shout-out is queued again; it is posted within a minute."
            : "Nothing to retry: that post is no longer failed.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPostChatAgainAsync(long id, CancellationToken ct)
    {
        TempData["Status"] = await handler.PostAgainAsync(User, id, ct)
            ? "The shout-out is queued again; it is posted within a minute."
            : "Nothing to do: someone already decided about that post.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMarkChatPostedAsync(long id, CancellationToken ct)
    {
        TempData["Status"] = await handler.MarkPostedAsync(User, id, ct)
            ? "The shout-out is marked as posted; it won't be posted again."
            : "Nothing to do: someone already decided about that post.";
        return RedirectToPage();
    }

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
