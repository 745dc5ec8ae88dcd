using System.Globalization;
using System.Text.RegularExpressions;

namespace Allyship.Web.Infrastructure.Csv;

/// <summary>How a file writes a date whose year comes last: 30/11/2026 (UK, Europe) or 11/30/2026 (US).</summary>
public enum DateOrder
{
    DayMonthYear,
    MonthDayYear,
}

/// <summary>
/// The one reader of a date in an import file, whatever system exported it: ISO (2026-11-30, also with / or .), the
/// file's chosen order for a year that comes last (30/11/2026 or 11/30/2026, with /, - or .), an English month name
/// (30 Nov 2026, November 30, 2026), and Excel's serial day numbers (46356). A time after the date is ignored. What it
/// cannot read comes back as a sentence that says how to write it.
/// </summary>
public static partial class ImportDate
{
    public readonly record struct Result(DateOnly? Date, string? Error);

    /// <summary>Excel counts days from 30 December 1899; only serials of plausible event days are read as dates, so a bare year such as 2026 is not.</summary>
    private static readonly DateOnly ExcelDayZero = new(1899, 12, 30);

    private static readonly DateOnly FirstSerialDay = new(1950, 1, 1);

    private static readonly DateOnly LastSerialDay = new(2099, 12, 31);

    /// <summary>The choices offered on an import form, in the words people read.</summary>
    public static readonly IReadOnlyList<(DateOrder Order, string Label)> Choices =
    [
        (DateOrder.DayMonthYear, "Day/month/year (UK, Europe)"),
        (DateOrder.MonthDayYear, "Month/day/year (US)"),
    ];

    public static string Label(DateOrder order) => Localisation.Text.Words[Choices.Single(c => c.Order == order).Label].Value;

    /// <summary>The order in a sentence: "day/month/year".</summary>
    public static string Name(DateOrder order) => Localisation.Text.Words[order == DateOrder.MonthDayYear ? "month/day/year" : "day/month/year"].Value;

    /// <summary>A date as people read it in a preview: "30 November 2026".</summary>
    public static string InWords(DateOnly date) => Localisation.Text.Words["{0:d MMMM yyyy}", date.ToDateTime(TimeOnly.MinValue)].Value;

    /// <summary>An example of the order, for sentences: "30/11/2026" or "11/30/2026".</summary>
    public static string Example(DateOrder order) => order == DateOrder.MonthDayYear ? "11/30/2026" : "30/11/2026";

    /// <summary>
    /// The order a culture writes its short dates in (en-US: month first; en-GB, de-DE: day first); day first when the
    /// culture puts the year first or is unknown, since ISO dates are read either way.
    /// </summary>
    public static DateOrder OrderOf(CultureInfo? culture)
    {
        var pattern = culture?.DateTimeFormat.ShortDatePattern ?? "";
        var month = pattern.IndexOf('M', StringComparison.Ordinal);
        var day = pattern.IndexOf('d', StringComparison.Ordinal);
        var year = pattern.IndexOf('y', StringComparison.Ordinal);
        return month >= 0 && day >= 0 && month < day && (year < 0 || year > month) ? DateOrder.MonthDayYear : DateOrder.DayMonthYear;
    }

    public static Result Read(string? text, DateOrder order)
    {
        var written = text?.Trim() ?? "";
        var date = TimeAfter().Replace(written, "");
        var howToWrite = $"write it like {Example(order)} or 2026-11-30";
        if (date.Length == 0)
        {
            return new(null, $"Enter the date: {howToWrite}.");
        }

        if (Serial().Match(date) is { Success: true } serial)
        {
            var days = int.Parse(serial.Groups["days"].Value, CultureInfo.InvariantCulture);
            var day = ExcelDayZero.AddDays(Math.Min(days, 3_000_000));
            return day >= FirstSerialDay && day <= LastSerialDay
                ? new(day, null)
                : new(null, $"“{written}” is not a date: {howToWrite}.");
        }

        if (Numeric().Match(date) is { Success: true } numeric)
        {
            var (a, b, c) = (numeric.Groups["a"].Value, numeric.Groups["b"].Value, numeric.Groups["c"].Value);
            if (a.Length == 4 && c.Length <= 2)
            {
                return Make(written, Number(a), Number(b), Number(c), null);
            }

            if (a.Length <= 2 && c.Length == 4)
            {
                var (month, day) = order == DateOrder.MonthDayYear ? (Number(a), Number(b)) : (Number(b), Number(a));
                return Make(written, Number(c), month, day, order);
            }

            if (a.Length <= 2 && c.Length == 2)
            {
                var full = $"{a}{numeric.Groups["s"].Value}{b}{numeric.Groups["s"].Value}20{c}";
                return new(null, $"“{written}” has a two-digit year: write the year in full, like {full}.");
            }
        }

        if (DayName().Match(date) is { Success: true } dayFirst && MonthOf(dayFirst.Groups["month"].Value) is { } m1)
        {
            return Make(written, Number(dayFirst.Groups["year"].Value), m1, Number(dayFirst.Groups["day"].Value), null);
        }

        if (NameDay().Match(date) is { Success: true } monthFirst && MonthOf(monthFirst.Groups["month"].Value) is { } m2)
        {
            return Make(written, Number(monthFirst.Groups["year"].Value), m2, Number(monthFirst.Groups["day"].Value), null);
        }

        return new(null, $"“{written}” is not a date: {howToWrite}.");
    }

    /// <summary>The date, or what is wrong with it; for a year that came last, a hint when only the other order reads it.</summary>
    private static Result Make(string written, int year, int month, int day, DateOrder? order)
    {
        if (year < 1)
        {
            return new(null, $"“{written}” is not a date: there is no year 0.");
        }

        if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new(new DateOnly(year, month, day), null);
        }

        if (order is { } chosen && day is >= 1 and <= 12 && month >= 1 && month <= DateTime.DaysInMonth(year, day))
        {
            var other = chosen == DateOrder.MonthDayYear ? DateOrder.DayMonthYear : DateOrder.MonthDayYear;
            return new(null, $"“{written}” is not a date read as {Name(chosen)} (there is no month {month}): if the file writes dates like {Example(other)}, choose {Label(other)}.");
        }

        if (month is < 1 or > 12)
        {
            return new(null, $"“{written}” is not a date: there is no month {month}.");
        }

        return day < 1
            ? new(null, $"“{written}” is not a date: there is no day 0.")
            : new(null, $"“{written}” is not a date: {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} has {DateTime.DaysInMonth(year, month)} days.");
    }

    private static int Number(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    private static int? MonthOf(string name)
    {
        var names = CultureInfo.InvariantCulture.DateTimeFormat;
        for (var month = 1; month <= 12; month++)
        {
            if (string.Equals(name, names.GetMonthName(month), StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, names.GetAbbreviatedMonthName(month), StringComparison.OrdinalIgnoreCase))
            {
                return month;
            }
        }

        return string.Equals(name, "Sept", StringComparison.OrdinalIgnoreCase) ? 9 : null;
    }

    /// <summary>A time of day after the date (Excel and HR systems add one to date-time cells): "00:00", "T09:30:00Z", " 12:00:00 AM".</summary>
    [GeneratedRegex(@"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$")]
    private static partial Regex TimeAfter();

    /// <summary>Excel's serial day number, perhaps with the fraction of a day (either decimal mark).</summary>
    [GeneratedRegex(@"^(?<days>\d{1,7})(?:[.,]\d+)?$")]
    private static partial Regex Serial();

    [GeneratedRegex(@"^(?<a>\d{1,4})(?<s>[/.-])(?<b>\d{1,2})\k<s>(?<c>\d{1,4})$")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^(?<day>\d{1,2})[ ./-]*(?<month>[A-Za-z]{3,9})\.?[ ./-]*(?<year>\d{4})$")]
    private static partial Regex DayName();

    [GeneratedRegex(@"^(?<month>[A-Za-z]{3,9})\.?[ ./-]*(?<day>\d{1,2})(?:st|nd|rd|th)?,?[ ./-]*(?<year>\d{4})$")]
    private static partial Regex NameDay();
}
