using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Coffee;

/// <summary>
/// /colleague/coffee/{token}: from her coffee invitation, without an account, she says she can't make it or suggests
/// another time. The signed token (purpose <see cref="VoicePurpose.CoffeeInvite"/>) names her and the coffee's day; a
/// tampered token is a 400 and an expired one a 410, and neither changes anything.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Accounts)] // no account to count attempts against: limited by address
public sealed class AnswerModel(VoiceTokens tokens, PlanCoffee.Handler handler, AllyshipDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public PlanCoffee.AnswerInput Input { get; set; } = new();

    public VoiceLinkState State { get; private set; } = VoiceLinkState.Invalid;

    /// <summary>Her first name, for the greeting.</summary>
    public string FirstName { get; private set; } = "";

    public IReadOnlyList<PlanCoffee.HerCoffee> Coffees { get; private set; } = [];

    /// <summary>The coffee she just answered: the page says back what she told the mentor.</summary>
    [TempData(Key = "CoffeeAnswered")]
    public int? AnsweredId { get; set; }

    /// <summary>Said when her answer met a coffee that changed since she opened the page.</summary>
    public string? Notice { get; private set; }

    /// <summary>The coffee whose form is open for a change of answer (?change=id), or whose form she just sent with an error.</summary>
    [BindProperty(SupportsGet = true, Name = "change")]
    public int? Changing { get; set; }

    public string? ErrorFor(string field) => FormErrors.For(ModelState, field);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused)
        {
            return refused;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused)
        {
            return refused;
        }

        var result = await handler.AnswerAsync(Link!.ColleagueId, Link.Key, Input, ct);
        switch (result.Outcome)
        {
            case PlanCoffee.AnswerOutcome.Done:
                AnsweredId = Input.PlanId;
                return Redirect($"/colleague/coffee/{Token}");
            case PlanCoffee.AnswerOutcome.Invalid:
                FormErrors.AddTo(ModelState, result.Errors);
                Changing = Input.PlanId;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            default:
                Notice = Infrastructure.Localisation.Text.Words["This coffee changed a moment ago (moved, cancelled or logged), so nothing was sent: here it is as it stands now."];
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }

        Coffees = await handler.HerCoffeesOnAsync(Link.ColleagueId, Link.Key, ct);
        return Page();
    }

    private VoiceLink? Link { get; set; }

    private async Task<IActionResult?> OpenAsync(CancellationToken ct)
    {
        (State, Link) = tokens.Read(Token);
        if (State == VoiceLinkState.Valid && Link!.Purpose != VoicePurpose.CoffeeInvite)
        {
            State = VoiceLinkState.Invalid;
        }

        if (State == VoiceLinkState.Valid
            && await db.Colleagues.AsNoTracking().Where(Colleague.Present).Where(c => c.Id == Link!.ColleagueId).Select(c => c.Name).SingleOrDefaultAsync(ct) is { } name)
        {
            FirstName = Words.FirstName(name);
            if (HttpMethods.IsGet(Request.Method))
            {
                Coffees = await handler.HerCoffeesOnAsync(Link!.ColleagueId, Link.Key, ct);
            }

            return null;
        }

        if (State == VoiceLinkState.Valid)
        {
            State = VoiceLinkState.Invalid; // her record is gone (erased): the link leads nowhere
        }

        Response.StatusCode = State == VoiceLinkState.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest;
        return Page();
    }
}
