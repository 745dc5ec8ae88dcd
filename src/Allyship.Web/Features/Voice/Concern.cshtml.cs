using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>A private message to the program team (program admins and HR), optionally anonymous, never shown to a mentor.</summary>
public sealed class ConcernModel(VoiceTokens tokens, ColleagueVoice.Handler voice, IOptions<ConcernOptions> options) : VoicePageModel(tokens, voice)
{
    /// <summary>"We aim to reply within 5 working days."</summary>
    public string Promise => options.Value.Promise;

    /// <summary>Her concerns (named or anonymous) with the team's replies: her link is the way back.</summary>
    public IReadOnlyList<ColleagueVoice.HerConcern> Mine { get; private set; } = [];

    [BindProperty]
    public string? Message { get; set; }

    [BindProperty]
    public bool Anonymous { get; set; }

    public string? Error { get; private set; }

    /// <summary>The reference of the message she just sent ("C-0042"), shown once after sending.</summary>
    [TempData]
    public string? SentReference { get; set; }

    /// <summary>Whether she gave her name: the team can then answer her by email.</summary>
    [TempData]
    public bool SentNamed { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(null, ct) is { } refused)
        {
            return refused;
        }

        Mine = await Voice.HerConcernsAsync(Link!, ct);
        Response.Headers.CacheControl = "no-store"; // the team's replies to her
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenAsync(null, ct) is { } refused)
        {
            return refused;
        }

        var message = Message?.Trim();
        Error = string.IsNullOrEmpty(message) ? Infrastructure.Localisation.Text.Words["Write a few words for the program team."].Value
            : message.Length > Data.Concern.MessageMaxLength ? Infrastructure.Localisation.Text.Words["Keep it to {0} characters; the team can ask for more.", Data.Concern.MessageMaxLength].Value
            : null;
        if (Error is not null)
        {
            Mine = await Voice.HerConcernsAsync(Link!, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page(); // what she wrote stays in the form
        }

        SentReference = Data.Concern.ReferenceOf(await Voice.RaiseConcernAsync(Link!, message!, Anonymous, ct));
        SentNamed = !Anonymous;
        return Redirect($"/colleague/concern/{Token}");
    }
}
