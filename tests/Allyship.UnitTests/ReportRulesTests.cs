using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Csv;

namespace Allyship.UnitTests;

public sealed class FiscalQuarterTests
{
    [Theory]
    [InlineData(1, "2026-08-15", "FY2026 Q3", "2026-07-01", "2026-09-30")] // calendar fiscal year
    [InlineData(1, "2026-01-01", "FY2026 Q1", "2026-01-01", "2026-03-31")]
    [InlineData(4, "2026-04-01", "FY2027 Q1", "2026-04-01", "2026-06-30")] // April start: named by the year it ends
    [InlineData(4, "2026-03-31", "FY2026 Q4", "2026-01-01", "2026-03-31")]
    [InlineData(7, "2026-11-28", "FY2027 Q2", "2026-10-01", "2026-12-31")] // July start
    [InlineData(10, "2026-10-01", "FY2027 Q1", "2026-10-01", "2026-12-31")] // October start (US federal)
    [InlineData(10, "2026-09-30", "FY2026 Q4", "2026-07-01", "2026-09-30")]
    [InlineData(12, "2027-02-28", "FY2027 Q1", "2026-12-01", "2027-02-28")] // December start across a year end
    public void Quarters_follow_the_fiscal_year_start(int startMonth, string date, string label, string start, string end)
    {
        var q = FiscalQuarter.Containing(DateOnly.Parse(date), startMonth);
        (q.Label, q.Start, q.End).ShouldBe((label, DateOnly.Parse(start), DateOnly.Parse(end)));
    }

    [Fact]
    public void Keys_round_trip_and_bad_keys_are_refused()
    {
        FiscalQuarter.TryParse("FY2027-Q1", 4, out var q).ShouldBeTrue();
        (q.Start, q.End).ShouldBe((new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30)));
        q.Key.ShouldBe("FY2027-Q1");
        FiscalQuarter.TryParse("FY2027-Q5", 4, out _).ShouldBeFalse();
        FiscalQuarter.TryParse("2027 Q1", 4, out _).ShouldBeFalse();
        FiscalQuarter.TryParse(null, 4, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_week_counts_in_the_quarter_holding_its_Monday()
    {
        // Q3 2026 runs Wednesday 1 July to Wednesday 30 September: the week of Monday 29 June belongs to Q2,
        // the week of Monday 28 September (ending 4 October) to Q3.
        var (first, last) = FiscalQuarter.Of(2026, 3, 1).Mondays();
        (first, last).ShouldBe((new DateOnly(2026, 7, 6), new DateOnly(2026, 9, 28)));
    }

    [Fact]
    public void The_previous_quarter_crosses_fiscal_years() =>
        FiscalQuarter.Of(2027, 1, 4).Previous(4).Label.ShouldBe("FY2026 Q4");
}

public sealed class ExportSafetyTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("\rCR", "'\rCR")]
    [InlineData("\0NUL", "'NUL")]
    [InlineData("\u0001SOH", "'\u0001SOH")]
    [InlineData("Amara", "Amara")]
    [InlineData("", "")]
    public void Text_that_a_spreadsheet_would_run_gets_an_apostrophe(string value, string safe) => SafeText.Of(value).ShouldBe(safe);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Okafor, Amara", "\"Okafor, Amara\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("Eng;Ops", "\"Eng;Ops\"")]
    [InlineData("Eng\tOps", "\"Eng\tOps\"")]
    [InlineData("Eng;=1+2", "\"Eng;'=1+2\"")] // issue 31: a formula where Excel's list separator is ";"
    [InlineData("Eng; +1", "\"Eng; '+1\"")]
    [InlineData("a,@SUM(A1)|-2", "\"a,'@SUM(A1)|'-2\"")]
    [InlineData("Jean-Luc", "Jean-Luc")]
    public void Csv_fields_are_quoted_as_RFC_4180_says(string value, string field) => CsvField.Of(value).ShouldBe(field);

    [Fact]
    public void Numbers_are_written_plainly() => (CsvField.Of(-3), CsvField.Of(12.345)).ShouldBe(("-3", "12.3"));
}
