using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.App;

/// <summary>What the installed app shows for a page it has not kept when there is no connection (the service worker keeps this one).</summary>
[AllowAnonymous]
public sealed class OfflineModel : PageModel
{
    public void OnGet()
    {
    }
}
