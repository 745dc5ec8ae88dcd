using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Emails;

/// <summary>
/// One kind of email as it arrives (issue 36): on a phone and on a computer, each in a sandboxed frame whose document
/// has its own policy (the email's inline styles, nothing else: no script, no form, no other origin), and its
/// plain-text part beside them. The app's own pages allow no inline style, which is why the email needs its own document.
/// </summary>
public sealed class PreviewModel(IEnumerable<EmailSample> samples, IServiceProvider services) : AdminPageModel
{
    /// <summary>The policy of the email's own document: its inline styles and images, and framing by this app only.</summary>
    public const string EmailPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox";

    public EmailSample Sample { get; private set; } = null!;
    public EmailContent Email { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string kind)
    {
        if (samples.FirstOrDefault(s => s.Slug == kind) is not { } sample)
        {
            return NotFound();
        }

        Sample = sample;
        Email = await sample.RenderAsync(services);
        return Page();
    }

    /// <summary>The email's HTML alone, the frames' document.</summary>
    public async Task<IActionResult> OnGetHtmlAsync(string kind)
    {
        if (samples.FirstOrDefault(s => s.Slug == kind) is not { } sample)
        {
            return NotFound();
        }

        var content = await sample.RenderAsync(services);
        Response.Headers.ContentSecurityPolicy = EmailPolicy;
        Response.Headers.XFrameOptions = "SAMEORIGIN";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Content(content.Html, "text/html; charset=utf-8");
    }
}
