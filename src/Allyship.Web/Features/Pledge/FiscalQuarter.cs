using System.Globalization;
using System.Text.RegularExpressions;

namespace Allyship.Web.Features.Pledge;

/// <summary>
/// A fiscal quarter. The fiscal year is named by the calendar year it ends in (with a January start, FY2026 is 2026;
/// with an April start, FY2027 runs April 2026 to March 2027). A pledge week belongs to the quarter holding its Monday.
/// </summary>
public sealed partial record FiscalQuarter(int FiscalYear, int Quarter, DateOnly Start, DateOnly End)
{
    public string Label => $"FY{FiscalYear} Q{Quarter}";

    /// <summary>The form used in URLs and file names: FY2026-Q3.</summary>
    public string Key => $"FY{FiscalYear}-Q{Quarter}";

    public static FiscalQuarter Of(int fiscalYear, int quarter, int fiscalYearStartMonth)
    {
        var startYear = fiscalYearStartMonth == 1 ? fiscalYear : fiscalYear - 1;
        var start = new DateOnly(startYear, fiscalYearStartMonth, 1).AddMonths(3 * (quarter - 1));
        return new FiscalQuarter(fiscalYear, quarter, start, start.AddMonths(3).AddDays(-1));
    }

    public static FiscalQuarter Containing(DateOnly date, int fiscalYearStartMonth)
    {
        var fiscalYear = fiscalYearStartMonth == 1 || date.Month < fiscalYearStartMonth ? date.Year : date.Year + 1;
        var quarter = ((date.Month - fiscalYearStartMonth + 12) % 12 / 3) + 1;
        return Of(fiscalYear, quarter, fiscalYearStartMonth);
    }

    public FiscalQuarter Previous(int fiscalYearStartMonth) => Containing(Start.AddDays(-1), fiscalYearStartMonth);

    public static bool TryParse(string? key, int fiscalYearStartMonth, out FiscalQuarter quarter)
    {
        quarter = null!;
        var match = key is null ? null : KeyPattern().Match(key);
        if (match is not { Success: true })
        {
            return false;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var q = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2200)
        {
            return false;
        }

        quarter = Of(year, q, fiscalYearStartMonth);
        return true;
    }

    /// <summary>The first and last Mondays of the weeks this quarter counts.</summary>
    public (DateOnly FirstMonday, DateOnly LastMonday) Mondays()
    {
        var first = Start.AddDays((8 - (int)Start.DayOfWeek) % 7);
        var last = End.AddDays(-(((int)End.DayOfWeek + 6) % 7));
        return (first, last);
    }

    [GeneratedRegex(@"^FY(\d{4})-Q([1-4])$", RegexOptions.IgnoreCase)]
    private static partial Regex KeyPattern();
}
