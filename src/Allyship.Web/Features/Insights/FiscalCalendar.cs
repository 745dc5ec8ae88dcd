using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Insights;

/// <summary>
/// The one home of fiscal "today": which quarter it is (and which one the pulse asks about) on today's date in a time
/// zone, never the server's UTC date. A program's pages ask in the program's zone, like its weeks; what spans programs
/// (HR's reports, the colleagues' pulse emails) asks in the organisation's zone, <see cref="ReportingOptions.TimeZone"/>.
/// </summary>
public sealed class FiscalCalendar(ProgramCalendar calendar, IOptions<ReportingOptions> options)
{
    public int StartMonth => options.Value.FiscalYearStartMonth;

    /// <summary>The zone of what spans programs (Reporting:TimeZone, checked at start-up).</summary>
    public TimeZoneInfo OrganisationZone => TimeZones.Find(options.Value.TimeZone);

    /// <summary>The quarter today's date falls in, in <paramref name="zone"/>.</summary>
    public FiscalQuarter CurrentQuarter(TimeZoneInfo zone) => FiscalQuarter.Containing(calendar.Today(zone), StartMonth);

    public FiscalQuarter CurrentQuarter(PledgeProgram program) => CurrentQuarter(TimeZones.Find(program.TimeZoneId));

    /// <summary>The quarter the pulse asks about today in <paramref name="zone"/> (the one just ended), or null outside its window.</summary>
    public FiscalQuarter? PulseAskedAbout(TimeZoneInfo zone) => AllyshipPulse.AskedAbout(calendar.Today(zone), StartMonth);

    public FiscalQuarter? PulseAskedAbout(string timeZoneId) => PulseAskedAbout(TimeZones.Find(timeZoneId));
}
