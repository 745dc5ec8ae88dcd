using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>The colleague's pulse question. Counted once, without her name, in every program that named her that quarter.</summary>
public sealed class PulseModel(VoiceTokens tokens, ColleagueVoice.Handler voice, AllyshipPulse.Handler pulse, IOptions<ReportingOptions> reporting)
    : VoicePageModel(tokens, voice)
{
    [BindProperty]
    public int? Score { get; set; }

    public FiscalQuarter Quarter { get; private set; } = null!;
    public bool Answered { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Her answer in words, said back once right after she sends it (it is stored without her name, so never again).</summary>
    [TempData(Key = "PulseSaid")]
    public string? Said { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(VoicePurpose.Pulse, ct) is { } refused)
        {
            return refused;
        }

        Quarter = FiscalQuarter.Containing(Link!.Key, reporting.Value.FiscalYearStartMonth);
        var programs = await pulse.ProgramsNamingAsync(Visitor!.Id, Quarter, ct);
        Answered = programs.Count > 0 && await pulse.HasAnsweredAsync(programs[0], Quarter.Start, PulseResponse.ForColleague(Visitor.Id), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenAsync(VoicePurpose.Pulse, ct) is { } refused)
        {
            return refused;
        }

        Quarter = FiscalQuarter.Containing(Link!.Key, reporting.Value.FiscalYearStartMonth);
        if (Score is not (>= 1 and <= 5))
        {
            Error = Infrastructure.Localisation.Text.Words["Choose one of the five answers."];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var programs = await pulse.ProgramsNamingAsync(Visitor!.Id, Quarter, ct);
        var outcome = await pulse.AnswerAsync(programs, Quarter, PulseSide.Colleague, PulseResponse.ForColleague(Visitor.Id), Score.Value, ct);
        Answered = outcome is AllyshipPulse.Outcome.Counted or AllyshipPulse.Outcome.AlreadyAnswered;
        if (outcome is AllyshipPulse.Outcome.Counted)
        {
            // Said back on the page she lands on (a reload then sends nothing again).
            Said = AllyshipPulse.Scale.Single(s => s.Score == Score.Value).Label;
            return Redirect($"/pulse/{Token}");
        }

        return Page();
    }
}
