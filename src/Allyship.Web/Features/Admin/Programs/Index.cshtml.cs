using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Programs;

public sealed class IndexModel(Dashboard.Handler handler, NudgeMentor.Handler nudge, VoiceNumbers.Handler voice, SpreadNumbers.Handler spread,
    Microsoft.Extensions.Options.IOptions<ReportingOptions> reporting, FiscalCalendar fiscal) : AdminPageModel
{
    public Dashboard.Model Dashboard { get; private set; } = null!;

    /// <summary>The perception gap for the same weeks, and the pulse about the last quarter against the one before.</summary>
    public VoiceNumbers.Model Voice { get; private set; } = null!;

    public int MinGroupSize => reporting.Value.MinGroupSize;

    /// <summary>How sponsorship spreads in the period, and who at the target levels is overlooked (last 12 weeks).</summary>
    public SpreadNumbers.Model Spread { get; private set; } = null!;
    public string? PeriodError { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var (model, error) = await handler.LoadAsync(id, Period, From, To, ct);
        if (model is null)
        {
            return NotFound();
        }

        Dashboard = model;
        PeriodError = error;
        var months = fiscal.StartMonth;
        var lastQuarter = fiscal.CurrentQuarter(model.Program).Previous(months); // in the program's zone, like its weeks
        Voice = await voice.LoadAsync([id], model.Period.First.Monday, model.Period.Last.Monday, lastQuarter, months, MinGroupSize, ct);
        Spread = await spread.LoadAsync([id], model.Program.TargetLevelList, model.Period.First.Monday, model.Period.Last.Monday, model.Current.Monday, MinGroupSize, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostNudgeAsync(int id, string mentorId, CancellationToken ct)
    {
        TempData["Status"] = await nudge.HandleAsync(User, id, mentorId, ct);
        return Redirect($"/admin/programs/{id}?period={Uri.EscapeDataString(Period ?? "12")}#lapsed");
    }

    public static string Percent(double share) => $"{VoiceNumbers.Points(share)}%";
}
