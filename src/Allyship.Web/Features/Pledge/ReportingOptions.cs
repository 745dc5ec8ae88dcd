using System.ComponentModel.DataAnnotations;

namespace Allyship.Web.Features.Pledge;

/// <summary>Settings under "Reporting".</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    [Range(1, 12, ErrorMessage = "Reporting:FiscalYearStartMonth must be a month number from 1 (January) to 12.")]
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>
    /// The organisation's time zone (IANA id): where "today" is for what spans programs, each with its own zone: the
    /// quarter HR's reports default to and the colleagues' pulse emails. A program's own pages use the program's zone.
    /// </summary>
    [Required(ErrorMessage = "Reporting:TimeZone must be an IANA time zone such as Europe/London.")]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Departments with fewer mentors show "fewer than N" instead of numbers on the Departments sheet.</summary>
    [Range(1, 100, ErrorMessage = "Reporting:MinGroupSize must be between 1 and 100.")]
    public int MinGroupSize { get; set; } = 5;
}
