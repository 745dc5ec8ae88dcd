using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Emails;

public sealed class IndexModel(OutboxStatus.Handler handler, IEnumerable<EmailSample> samples, ViewerTime viewer) : AdminPageModel
{
    public OutboxStatus.View View { get; private set; } = null!;

    /// <summary>Every kind of email, to preview with made-up people.</summary>
    public IReadOnlyList<EmailSample> Samples { get; } = samples.ToList();

    /// <summary>The zone the page's times are in (the viewer's).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = await handler.LoadAsync(ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }

    public string When(DateTime utc) => ViewerTime.Format(utc, Zone);

    /// <summary>A kind of email by its name on this page's previews (their one home), never the code's name.</summary>
    public string KindName(Data.EmailKind kind) => Samples.FirstOrDefault(s => s.Kind == kind)?.Name is { } name ? Text.Words[name].Value : Text.Words["Other"].Value;

    public static string StatusName(Data.EmailStatus status) => status switch
    {
        Data.EmailStatus.Pending => Text.Words["Waiting"].Value,
        Data.EmailStatus.Sent => Text.Words["Sent"].Value,
        Data.EmailStatus.InChat => Text.Words["Went by Slack instead"].Value,
        Data.EmailStatus.AsNotification => Text.Words["Went as a notification instead"].Value,
        _ => Text.Words["Failed"].Value,
    };

    public async Task<IActionResult> OnPostRetryChatAsync(long id, CancellationToken ct)
    {
        TempData["Status"] = await handler.RetryChatAsync(User, id, ct)
            ? Text.Words["The shout-out is queued again; it is posted within a minute."].Value
            : Text.Words["Nothing to retry: that post is no longer failed."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPostChatAgainAsync(long id, CancellationToken ct)
    {
        TempData["Status"] = await handler.PostAgainAsync(User, id, ct)
            ? Text.Words["The shout-out is queued again; it is posted within a minute."].Value
            : Text.Words["Nothing to do: someone already decided about that post."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMarkChatPostedAsync(long id, CancellationToken ct)
    {
        TempData["Status"] = await handler.MarkPostedAsync(User, id, ct)
            ? Text.Words["The shout-out is marked as posted; it won't be posted again."].Value
            : Text.Words["Nothing to do: someone already decided about that post."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryAsync(long? id, CancellationToken ct)
    {
        var count = await handler.RetryAsync(User, id, ct);
        TempData["Status"] = count == 0
            ? Text.Words["Nothing to retry: that message is no longer failed."].Value
            : Text.Words.Plural(count, "{0} message is queued again; it goes out within a minute.", "{0} messages are queued again; they go out within a few minutes.");
        return RedirectToPage();
    }
}
