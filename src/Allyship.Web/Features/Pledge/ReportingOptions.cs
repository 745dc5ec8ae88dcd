using System.ComponentModel.DataAnnotations;

namespace Allyship.Web.Features.Pledge;

/// <summary>Settings under "Reporting".</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    [Range(1, 12, ErrorMessage = "Reporting:FiscalYearStartMonth must be a month number from 1 (January) to 12.")]
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>Departments with fewer mentors show "fewer than N" instead of numbers on the Departments sheet.</summary>
    [Range(1, 100, ErrorMessage = "Reporting:MinGroupSize must be between 1 and 100.")]
    public int MinGroupSize { get; set; } = 5;
}
