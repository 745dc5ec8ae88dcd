using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Guide;

/// <summary>The guide: every section of the content file on one page, for anyone signed in.</summary>
public sealed class IndexModel(GuideContent guide) : PageModel
{
    public GuideContent Guide => guide;

    public void OnGet()
    {
    }
}
