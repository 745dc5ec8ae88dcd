using System.Globalization;
using Allyship.Web.Infrastructure.Csv;

namespace Allyship.UnitTests;

/// <summary>The one reader of a date in an import file: every way HR systems and Excel write one, and what it refuses.</summary>
public sealed class ImportDateTests
{
    private static DateOnly? Read(string text, DateOrder order = DateOrder.DayMonthYear)
    {
        var result = ImportDate.Read(text, order);
        (result.Date is null).ShouldBe(result.Error is not null, $"{text}: a date or a reason, never both or neither");
        return result.Date;
    }

    private static string? Error(string text, DateOrder order = DateOrder.DayMonthYear) => ImportDate.Read(text, order).Error;

    [Theory]
    [InlineData("2026-11-30")]
    [InlineData("2026/11/30")]
    [InlineData("2026.11.30")]
    [InlineData("2026-11-30T00:00:00")]
    [InlineData("2026-11-30 09:15")]
    [InlineData("2026-11-30T09:15:00Z")]
    public void Iso_dates_are_read_whatever_the_order_chosen(string text)
    {
        Read(text, DateOrder.DayMonthYear).ShouldBe(new DateOnly(2026, 11, 30));
        Read(text, DateOrder.MonthDayYear).ShouldBe(new DateOnly(2026, 11, 30));
    }

    [Theory]
    [InlineData("30/11/2026")]
    [InlineData("30-11-2026")]
    [InlineData("30.11.2026")]
    [InlineData(" 30/11/2026 ")]
    [InlineData("30/11/2026 00:00")]
    public void Day_month_year_is_read_as_the_uk_and_europe_write_it(string text) => Read(text).ShouldBe(new DateOnly(2026, 11, 30));

    [Theory]
    [InlineData("11/30/2026")]
    [InlineData("11-30-2026")]
    [InlineData("11/30/2026 12:00:00 AM")]
    public void Month_day_year_is_read_as_the_us_writes_it(string text) => Read(text, DateOrder.MonthDayYear).ShouldBe(new DateOnly(2026, 11, 30));

    [Fact]
    public void An_ambiguous_date_is_read_in_the_order_chosen()
    {
        Read("01/02/2026", DateOrder.DayMonthYear).ShouldBe(new DateOnly(2026, 2, 1));
        Read("01/02/2026", DateOrder.MonthDayYear).ShouldBe(new DateOnly(2026, 1, 2));
        Read("1/2/2026", DateOrder.DayMonthYear).ShouldBe(new DateOnly(2026, 2, 1));
        Read("1/2/2026", DateOrder.MonthDayYear).ShouldBe(new DateOnly(2026, 1, 2));
    }

    [Theory]
    [InlineData("46356", 2026, 11, 30)]
    [InlineData("46356.75", 2026, 11, 30)]
    [InlineData("46356,5", 2026, 11, 30)]
    [InlineData("45658", 2025, 1, 1)]
    public void Excel_serial_dates_are_read(string text, int year, int month, int day) => Read(text).ShouldBe(new DateOnly(year, month, day));

    [Theory]
    [InlineData("30 Nov 2026")]
    [InlineData("30-Nov-2026")]
    [InlineData("30 November 2026")]
    [InlineData("Nov 30, 2026")]
    [InlineData("November 30 2026")]
    [InlineData("Sept 30, 2026", 9)]
    public void A_month_written_in_words_is_read_in_either_order(string text, int month = 11)
    {
        Read(text, DateOrder.DayMonthYear).ShouldBe(new DateOnly(2026, month, 30));
        Read(text, DateOrder.MonthDayYear).ShouldBe(new DateOnly(2026, month, 30));
    }

    [Fact]
    public void A_date_that_only_the_other_order_reads_says_which_to_choose()
    {
        Error("11/30/2026", DateOrder.DayMonthYear).ShouldBe("“11/30/2026” is not a date read as day/month/year (there is no month 30): if the file writes dates like 11/30/2026, choose Month/day/year (US).");
        Error("30/11/2026", DateOrder.MonthDayYear).ShouldBe("“30/11/2026” is not a date read as month/day/year (there is no month 30): if the file writes dates like 30/11/2026, choose Day/month/year (UK, Europe).");
    }

    [Theory]
    [InlineData("31/02/2026", "“31/02/2026” is not a date: February 2026 has 28 days.")]
    [InlineData("29/02/2026", "“29/02/2026” is not a date: February 2026 has 28 days.")]
    [InlineData("2026-13-01", "“2026-13-01” is not a date: there is no month 13.")]
    [InlineData("00/11/2026", "“00/11/2026” is not a date: there is no day 0.")]
    [InlineData("32/13/2026", "“32/13/2026” is not a date: there is no month 13.")]
    [InlineData("30/11/26", "“30/11/26” has a two-digit year: write the year in full, like 30/11/2026.")]
    [InlineData("soon", "“soon” is not a date: write it like 30/11/2026 or 2026-11-30.")]
    [InlineData("2026", "“2026” is not a date: write it like 30/11/2026 or 2026-11-30.")]
    [InlineData("30 Smarch 2026", "“30 Smarch 2026” is not a date: write it like 30/11/2026 or 2026-11-30.")]
    [InlineData("30/11-2026", "“30/11-2026” is not a date: write it like 30/11/2026 or 2026-11-30.")]
    [InlineData("", "Enter the date: write it like 30/11/2026 or 2026-11-30.")]
    public void What_is_not_a_date_says_why_and_how_to_write_it(string text, string reason) => Error(text).ShouldBe(reason);

    [Fact]
    public void A_leap_day_is_a_date() => Read("29/02/2028").ShouldBe(new DateOnly(2028, 2, 29));

    [Theory]
    [InlineData("en-US", DateOrder.MonthDayYear)]
    [InlineData("en-GB", DateOrder.DayMonthYear)]
    [InlineData("de-DE", DateOrder.DayMonthYear)]
    [InlineData("fr-FR", DateOrder.DayMonthYear)]
    [InlineData("ja-JP", DateOrder.DayMonthYear)]
    public void The_form_starts_on_the_order_of_the_readers_locale(string culture, DateOrder order) =>
        ImportDate.OrderOf(CultureInfo.GetCultureInfo(culture)).ShouldBe(order);

    [Fact]
    public void Without_a_locale_the_form_starts_on_day_first() => ImportDate.OrderOf(null).ShouldBe(DateOrder.DayMonthYear);

    [Fact]
    public void A_preview_writes_the_date_in_words() => ImportDate.InWords(new DateOnly(2026, 11, 30)).ShouldBe("30 November 2026");
}
