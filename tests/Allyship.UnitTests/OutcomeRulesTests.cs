using Allyship.Web.Data;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Reports;
using Allyship.Web.Infrastructure.Csv;

namespace Allyship.UnitTests;

/// <summary>The outcome import's rows and the grouping of promotions and exits by sponsorship, against hand-counted data.</summary>
public sealed class OutcomeRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Fact]
    public void Every_bad_outcome_row_is_reported_with_its_line_and_good_rows_are_normalised()
    {
        var (rows, fileErrors, rowErrors) = ImportOutcomes.Check(CsvText.Parse(
            "Email,Date,Kind\n" +
            "ADA@example.com,2026-03-31,Promotion\n" +
            "bea@example.com,2026-04-01,role_change\n" +
            ",2026-04-01,exit\n" +
            "cy@,2026-04-01,exit\n" +
            "dee@example.com,31/02/2026,exit\n" +
            "eve@example.com,2027-01-01,exit\n" +
            "fay@example.com,2026-04-01,sabbatical\n" +
            "ada@example.com,2026-03-31,promotion\n" +
            "gil@example.com,2026-04-01,exit,extra\n" +
            "hal@,30/13/2026,sabbatical\n"), Today, DateOrder.DayMonthYear);
        fileErrors.ShouldBeEmpty();
        rows.ShouldBe([
            new ImportOutcomes.Row(2, "ada@example.com", new DateOnly(2026, 3, 31), OutcomeKind.Promotion, "2026-03-31"),
            new ImportOutcomes.Row(3, "bea@example.com", new DateOnly(2026, 4, 1), OutcomeKind.RoleChange, "2026-04-01"),
        ]);
        rowErrors.ShouldBe([
            (4, "Enter the colleague's email."),
            (5, "“cy@” is not an email address: enter one like name@example.com."),
            (6, "“31/02/2026” is not a date: February 2026 has 28 days."),
            (7, "1 January 2027 is in the future: import events once they have happened."),
            (8, "The kind is promotion, role change or exit, not “sabbatical”."),
            (9, "The same event is already on line 2 of this file."),
            (10, "It has 4 fields but the header has 3."),
            (11, "“hal@” is not an email address: enter one like name@example.com. “30/13/2026” is not a date: there is no month 13. The kind is promotion, role change or exit, not “sabbatical”."),
        ]);
    }

    [Fact]
    public void Dates_are_read_in_the_order_chosen_and_a_uk_file_reads_as_the_uk_wrote_it()
    {
        const string File = "email,date,kind\nada@example.com,01/02/2026,promotion\nbea@example.com,30/11/2025,exit\ncy@example.com,46000,exit\n";
        ImportOutcomes.Check(CsvText.Parse(File), Today, DateOrder.DayMonthYear).Rows.Select(r => r.Date)
            .ShouldBe([new DateOnly(2026, 2, 1), new DateOnly(2025, 11, 30), new DateOnly(2025, 12, 9)]);

        var (rows, _, rowErrors) = ImportOutcomes.Check(CsvText.Parse(File), Today, DateOrder.MonthDayYear);
        rows.Select(r => r.Date).ShouldBe([new DateOnly(2026, 1, 2), new DateOnly(2025, 12, 9)]);
        rowErrors.ShouldBe([(3, "“30/11/2025” is not a date read as month/day/year (there is no month 30): if the file writes dates like 30/11/2026, choose Day/month/year (UK, Europe).")]);
    }

    [Fact]
    public void An_email_nobody_in_the_directory_has_is_listed_with_the_lines_other_problems()
    {
        var (rows, _, rowErrors) = ImportOutcomes.Check(CsvText.Parse("email,date,kind\nada@example.com,2026-01-01,exit\nNOBODY@example.com,31/02/2026,exit\n"), Today, DateOrder.DayMonthYear,
            new HashSet<string> { "ada@example.com" });
        rows.ShouldHaveSingleItem().Email.ShouldBe("ada@example.com");
        rowErrors.ShouldBe([(3, "Nobody in the colleague directory has the email nobody@example.com: import the directory first. “31/02/2026” is not a date: February 2026 has 28 days.")]);
    }

    [Fact]
    public void The_outcome_header_needs_all_three_columns() =>
        ImportOutcomes.Check(CsvText.Parse("email,when\na@example.com,2026-01-01\n"), Today, DateOrder.DayMonthYear).FileErrors
            .ShouldBe(["Unknown column “when” in the header (line 1). The columns are: email, date, kind.", "The header (line 1) has no “date” column.", "The header (line 1) has no “kind” column."]);

    [Theory]
    [InlineData(0, OutcomeNumbers.Group.None)]
    [InlineData(1, OutcomeNumbers.Group.Some)]
    [InlineData(3, OutcomeNumbers.Group.Some)]
    [InlineData(4, OutcomeNumbers.Group.Sustained)]
    public void Four_sponsor_notes_make_sponsorship_sustained(int notes, OutcomeNumbers.Group group) => OutcomeNumbers.GroupOf(notes).ShouldBe(group);

    [Fact]
    public void The_window_is_the_four_quarters_ending_with_the_reports() =>
        OutcomeNumbers.WindowEndingWith(FiscalQuarter.Of(2026, 3, 1), 1).Select(q => q.Label).ShouldBe(["FY2025 Q4", "FY2026 Q1", "FY2026 Q2", "FY2026 Q3"]);

    [Fact]
    public void Promotions_and_exits_are_counted_per_colleague_quarter_in_the_group_of_the_notes_before_it()
    {
        var window = OutcomeNumbers.WindowEndingWith(FiscalQuarter.Of(2026, 2, 1), 1); // 2025 Q3, 2025 Q4, 2026 Q1, 2026 Q2
        int[] colleagues = [1, 2, 3, 4, 5, 6];
        // Notes before each quarter: colleague 1 sustained throughout; 2 some in the last two quarters; the rest none.
        var notes = new List<IReadOnlyDictionary<int, int>>
        {
            new Dictionary<int, int> { [1] = 5 },
            new Dictionary<int, int> { [1] = 6 },
            new Dictionary<int, int> { [1] = 7, [2] = 1 },
            new Dictionary<int, int> { [1] = 4, [2] = 3 },
        };
        OutcomeNumbers.Event E(int c, int y, int m, OutcomeKind k) => new(c, new DateOnly(y, m, 15), k);
        var events = new[]
        {
            E(1, 2025, 8, OutcomeKind.Promotion), // sustained, quarter 1
            E(1, 2026, 5, OutcomeKind.Promotion), // sustained, quarter 4
            E(2, 2026, 2, OutcomeKind.Promotion), // some, quarter 3
            E(3, 2025, 11, OutcomeKind.Exit),     // none, quarter 2: not counted in quarters 3 and 4
            E(4, 2024, 12, OutcomeKind.Exit),     // gone before the window: never counted
            E(5, 2026, 1, OutcomeKind.RoleChange),
        };

        var rows = OutcomeNumbers.Compute(window, colleagues, notes, events, minGroupSize: 2).ToDictionary(r => r.Group);

        // None: colleague 2 in quarters 1–2, 3 in quarters 1–2 (she left in 2), 5 and 6 in all four: 4 colleagues, 12 colleague-quarters.
        rows[OutcomeNumbers.Group.None].ShouldBe(new OutcomeNumbers.GroupRow(OutcomeNumbers.Group.None, 4, 12, 0, 1, true));
        rows[OutcomeNumbers.Group.Some].ShouldBe(new OutcomeNumbers.GroupRow(OutcomeNumbers.Group.Some, 1, 2, 1, 0, false));
        rows[OutcomeNumbers.Group.Sustained].ShouldBe(new OutcomeNumbers.GroupRow(OutcomeNumbers.Group.Sustained, 1, 4, 2, 0, false));
        rows[OutcomeNumbers.Group.None].ExitRate!.Value.ShouldBe(1.0 / 12, 1e-9);
        rows[OutcomeNumbers.Group.Some].PromotionRate.ShouldBeNull("a group smaller than the minimum shows its size only");
        OutcomeNumbers.Compute(window, colleagues, notes, events, minGroupSize: 1).Single(r => r.Group == OutcomeNumbers.Group.Sustained).PromotionRate.ShouldBe(0.5);
    }
}
