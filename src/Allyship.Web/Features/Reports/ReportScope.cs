using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Reports;

/// <summary>Turns the page's quarter and program choices into a report scope; defaults to last quarter and all programs.</summary>
public sealed class ReportScope(AllyshipDbContext db, IOptions<ReportingOptions> options, FiscalCalendar fiscal)
{
    public int FiscalYearStartMonth => options.Value.FiscalYearStartMonth;

    public int MinGroupSize => options.Value.MinGroupSize;

    /// <summary>Today's quarter in the organisation's zone: HR's reports span programs, each in its own zone.</summary>
    public FiscalQuarter CurrentQuarter => fiscal.CurrentQuarter(fiscal.OrganisationZone);

    /// <summary>The last eight quarters, newest first, for the picker.</summary>
    public IReadOnlyList<FiscalQuarter> RecentQuarters()
    {
        var list = new List<FiscalQuarter>();
        for (var q = CurrentQuarter; list.Count < 8; q = q.Previous(FiscalYearStartMonth))
        {
            list.Add(q);
        }

        return list;
    }

    public async Task<List<(int Id, string Name)>> ProgramsAsync(CancellationToken ct) =>
        (await db.Programs.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name)).ToList();

    /// <summary>The target levels of the programs in scope, together (empty when none sets any: every level counts).</summary>
    public async Task<IReadOnlyList<string>> TargetLevelsAsync(IReadOnlyList<int> programIds, CancellationToken ct) =>
        (await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).ToListAsync(ct))
            .SelectMany(p => p.TargetLevelList).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public async Task<(QuarterReport.Scope? Scope, string? Error)> ResolveAsync(string? quarter, string? program, CancellationToken ct)
    {
        FiscalQuarter q;
        if (string.IsNullOrEmpty(quarter))
        {
            q = CurrentQuarter.Previous(FiscalYearStartMonth);
        }
        else if (!FiscalQuarter.TryParse(quarter, FiscalYearStartMonth, out q))
        {
            return (null, "Choose a quarter from the list, like FY2026-Q3.");
        }

        var programs = await ProgramsAsync(ct);
        if (string.IsNullOrEmpty(program) || program == "all")
        {
            return (new QuarterReport.Scope(q, programs.Select(p => p.Id).ToList(), "All programs"), null);
        }

        if (int.TryParse(program, out var id) && programs.FirstOrDefault(p => p.Id == id) is { Name: not null } chosen)
        {
            return (new QuarterReport.Scope(q, [chosen.Id], chosen.Name), null);
        }

        return (null, "Choose a program from the list.");
    }
}
