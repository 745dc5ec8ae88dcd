using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Errors;

/// <summary>
/// The error page for every status: re-executed by the status-code middleware with the failed request's method, so it
/// answers any method and never asks for an antiforgery token (a failed token check is one of the errors it shows).
/// </summary>
[IgnoreAntiforgeryToken]
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";

    // The code is read from the route, not bound: binding a POST's parameters would read its (refused) body again.
    public void OnGet() => Show();

    public void OnPost() => Show();

    public void OnPut() => Show();

    public void OnDelete() => Show();

    private void Show()
    {
        // The app re-executes here with a code from 400 to 599; any other address (/error/-1, /error/200, /error) is one
        // nobody was sent to: a page that isn't there, not an error of ours.
        Code = RouteData.Values["code"] is string s && int.TryParse(s, out var c) && c is >= 400 and < 600 ? c : 404;
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            Response.StatusCode = Code;
        }

        (Title, Text) = Code switch
        {
            404 => ("We can't find that page", "It may have moved, or it isn't yours to see. Check the address, or start again from your week."),
            403 => ("This page isn't for your role", "Your account can't open that page. If you think it should, ask your program admin."),
            400 => ("That request didn't work", "The form may have expired, or it held something we can't accept (such as an invisible control character). Go back, reload the page and try again."),
            405 => ("That request didn't work", "This page can't be used that way. Go back and use its form or links."),
            413 => ("That was too large to send", "The upload or form is over the size limit (a CSV file may be up to 2 MB). Send a smaller file, or split it in two."),
            429 => ("Please wait a minute", "Too many attempts came from your address, or for this account, in a short time. Wait a minute, then try again."),
            431 => ("That request didn't work", "Your browser sent more cookie and header data than we accept. Clear this site's cookies, then sign in again."),
            503 => ("Allyship can't save right now", "Its database is unavailable, so nothing was saved. Try again in a few minutes; your program admin has been told in the logs."),
            _ => ("Something went wrong on our side", "Nothing you did caused this. Try again in a minute; if it keeps happening, tell your program admin."),
        };
        ViewData["Title"] = Infrastructure.Localisation.Text.Words[Title].Value;
    }
}
