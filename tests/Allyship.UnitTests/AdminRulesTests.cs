using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Features.Admin.Colleagues;
using Allyship.Web.Features.Admin.Invitations;
using Allyship.Web.Features.Admin.Programs;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Csv;

namespace Allyship.UnitTests;

public sealed class CsvTextTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_lines_are_counted()
    {
        var result = CsvText.Parse("name,note\r\n\"Okafor, Amara\",\"said \"\"hi\"\"\nthen left\"\r\nBea,plain\n");
        result.Error.ShouldBeNull();
        result.Records.Select(r => r.Line).ShouldBe([1, 2, 4]);
        result.Records[1].Fields.ShouldBe(["Okafor, Amara", "said \"hi\"\nthen left"]);
        result.Records[2].Fields.ShouldBe(["Bea", "plain"]);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_a_last_line_without_a_break_is_read() =>
        CsvText.Parse("a,b\n\n1,2").Records.Select(r => r.Line).ShouldBe([1, 3]);

    [Fact]
    public void A_utf8_bom_is_dropped() =>
        CsvText.Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name\nÅsa\n")).ToArray()).Records[0].Fields[0].ShouldBe("name");

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused() =>
        CsvText.Parse(Encoding.Latin1.GetBytes("name\nJosé\n")).Error!.ShouldContain("not UTF-8");

    [Fact]
    public void An_unclosed_quote_is_reported_with_its_line() =>
        CsvText.Parse("name\nok\n\"never closed\n").Error!.ShouldContain("Line 3");

    [Fact]
    public void A_file_over_2_MB_is_refused() => CsvText.Parse(new byte[CsvText.MaxBytes + 1]).Error!.ShouldContain("2 MB");

    [Fact]
    public void A_file_saved_by_excel_with_semicolons_is_read_by_its_header_line()
    {
        var result = CsvText.Parse("email;date;kind\r\nada@example.com;30/11/2026;promotion\r\n\"Okafor; Amara\";1,5;exit\r\n");
        result.Separator.ShouldBe(';');
        result.Records.Select(r => r.Fields).ShouldBe([["email", "date", "kind"], ["ada@example.com", "30/11/2026", "promotion"], ["Okafor; Amara", "1,5", "exit"]]);
    }

    [Fact]
    public void Commas_win_a_tie_and_a_semicolon_inside_a_quoted_header_does_not_count()
    {
        CsvText.Parse("name\nAda;Bea\n").Records[1].Fields.ShouldBe(["Ada;Bea"]);
        CsvText.Parse("\"name;alias\",email\nAda;A,ada@example.com\n").Records[1].Fields.ShouldBe(["Ada;A", "ada@example.com"]);
        CsvText.Parse("name,note;x\nAda,b;c\n").Records[1].Fields.ShouldBe(["Ada", "b;c"]);
    }

    [Fact]
    public void Tabs_are_read_when_the_header_is_separated_by_tabs() =>
        CsvText.Parse("email\tdate\nada@example.com\t2026-11-30\n").Records[1].Fields.ShouldBe(["ada@example.com", "2026-11-30"]);

    [Fact]
    public void An_excel_sep_line_names_the_separator_and_is_not_a_record()
    {
        var result = CsvText.Parse("sep=;\nemail;date\nada@example.com;2026-11-30\n");
        result.Records.Select(r => (r.Line, r.Fields.Count)).ShouldBe([(2, 2), (3, 2)]);
        result.Records[0].Fields.ShouldBe(["email", "date"]);
    }
}

public sealed class ImportRulesTests
{
    private static (List<ImportColleagues.Row> Rows, List<string> FileErrors, List<(int Line, string Reason)> RowErrors) Check(string csv) =>
        ImportColleagues.Check(CsvText.Parse(csv));

    [Fact]
    public void Headers_are_matched_loosely_and_emails_normalised()
    {
        var (rows, fileErrors, rowErrors) = Check("Name,E-mail,Department,Level,Manager_Email\nAda,ADA@Example.com,Sales,,boss@example.com\n".Replace("E-mail", "Email"));
        fileErrors.ShouldBeEmpty();
        rowErrors.ShouldBeEmpty();
        rows.ShouldHaveSingleItem().ShouldBe(new ImportColleagues.Row(2, new Colleague.Details("Ada", "ada@example.com", "Sales", null, "boss@example.com")));
    }

    [Fact]
    public void Missing_required_columns_are_file_errors() =>
        Check("name,department\nAda,Sales\n").FileErrors.ShouldHaveSingleItem().ShouldContain("no “email” column");

    [Fact]
    public void Every_bad_row_is_reported_with_its_line_in_the_directory_editors_words()
    {
        var (_, _, rowErrors) = Check("name,email,manager email\n,a@example.com,\nBea,b@,\nCy,c@example.com,not-email\nDee,A@example.com,\nEd,e@example.com,x@example.com,extra\n");
        string Says(string field, string? name, string? email, string? manager = null) =>
            Colleague.Check(new Colleague.Details(name, email, ManagerEmail: manager)).ShouldHaveSingleItem().Message;
        rowErrors.ShouldBe(
        [
            (2, Says("Name", null, "a@example.com")),
            (3, Says("Email", "Bea", "b@")),
            (4, Says("ManagerEmail", "Cy", "c@example.com", "not-email")),
            (5, "A@example.com is already on line 2 of this file."),
            (6, "It has 4 fields but the header has 3."),
        ]);
        rowErrors[1].Reason.ShouldBe("“b@” is not an email address: enter one like name@example.com.");
    }

    [Fact]
    public void The_leader_column_takes_yes_or_no_and_without_it_the_flag_is_left_alone()
    {
        var (rows, _, rowErrors) = Check("name,email,leader\nAda,a@example.com,yes\nBea,b@example.com,\nCy,c@example.com,No\nDee,d@example.com,maybe\n");
        rows.Select(r => r.Details.Leader).ShouldBe([true, false, false]);
        rowErrors.ShouldBe([(5, "The leader column takes yes or no, not “maybe”.")]);
        Check("name,email\nAda,a@example.com\n").Rows.ShouldHaveSingleItem().Details.Leader.ShouldBeNull();

        var leader = new Colleague { Name = "Ada", Email = "a@example.com", IsLeader = true };
        leader.Differs(new Colleague.Details("Ada", "a@example.com")).ShouldBeFalse();
        leader.Apply(new Colleague.Details("Ada", "a@example.com"));
        leader.IsLeader.ShouldBeTrue();
        leader.Differs(new Colleague.Details("Ada", "a@example.com", Leader: false)).ShouldBeTrue();
    }

    [Fact]
    public void A_header_without_rows_says_so() => Check("name,email\n").FileErrors.ShouldHaveSingleItem().ShouldContain("no rows");
}

public sealed class InvitationRulesTests
{
    [Fact]
    public void Emails_are_split_on_lines_commas_and_semicolons_and_deduplicated()
    {
        var (emails, errors, _) = InvitePeople.ParseEmails("ada@example.com, BEA@example.com\n<cy@example.com>; ada@example.com", null);
        errors.ShouldBeEmpty();
        emails.ShouldBe(["ada@example.com", "bea@example.com", "cy@example.com"]);
    }

    [Fact]
    public void A_bad_email_is_reported_with_its_line() =>
        InvitePeople.ParseEmails("ada@example.com\nnope", null).Skipped.ShouldHaveSingleItem().ShouldBe(new InvitePeople.Skip("nope", "Line 2: “nope” is not an email address."));

    [Fact]
    public void A_csv_needs_an_email_column() =>
        InvitePeople.ParseEmails(null, CsvText.Parse("name\nAda\n")).Errors.ShouldHaveSingleItem().Message.ShouldContain("\"email\" column");
}

public sealed class DashboardPeriodTests
{
    private static readonly PledgeWeek Current = new(new DateOnly(2026, 11, 23));

    [Theory]
    [InlineData("week", "2026-11-23")]
    [InlineData("4", "2026-11-02")]
    [InlineData("12", "2026-09-07")]
    [InlineData(null, "2026-09-07")]
    [InlineData("52", "2026-01-05")] // clamped to the program's start
    public void Periods_end_with_the_open_week(string? key, string first)
    {
        var (period, error) = Dashboard.ResolvePeriod(key, null, null, Current, new DateOnly(2026, 1, 5));
        error.ShouldBeNull();
        period!.First.Monday.ShouldBe(DateOnly.Parse(first));
        period.Last.ShouldBe(Current);
    }

    [Fact]
    public void A_custom_period_covers_the_weeks_of_its_dates()
    {
        var (period, _) = Dashboard.ResolvePeriod("custom", new DateOnly(2026, 10, 7), new DateOnly(2026, 10, 20), Current, new DateOnly(2026, 1, 5));
        (period!.First.Monday, period.Last.Monday).ShouldBe((new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 19)));
    }

    [Theory]
    [InlineData("custom", "2026-11-20", "2026-11-01", "can't be before its start")]
    [InlineData("custom", null, "2026-11-01", "Enter both dates")]
    [InlineData("custom", "2020-01-01", "2026-11-01", "at most 104 weeks")]
    [InlineData("forever", null, null, "Choose a period")]
    public void Bad_periods_get_a_sentence(string key, string? from, string? to, string message) =>
        Dashboard.ResolvePeriod(key, from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to), Current, new DateOnly(2010, 1, 4))
            .Error!.ShouldContain(message);
}

public sealed class AuditNamesTests
{
    private static string SourceFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Allyship.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "src", "Allyship.Web");
    }

    [Fact]
    public void Every_kind_the_app_records_has_words_an_admin_reads()
    {
        var security = typeof(Allyship.Web.Features.People.SecurityEvents).GetFields()
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        var literal = new System.Text.RegularExpressions.Regex("\"([a-z]+(?:-[a-z]+)*\\.[a-z]+(?:-[a-z]+)*)\"");
        var recorded = Directory.EnumerateFiles(SourceFolder(), "*.cs", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Where(line => line.Contains("audit.", StringComparison.Ordinal) || line.Contains("Async(actor, programId, enrolmentId, \"", StringComparison.Ordinal))
            .SelectMany(line => literal.Matches(line).Select(m => m.Groups[1].Value));
        var kinds = security.Concat(recorded).Distinct().ToList();

        kinds.Count.ShouldBeGreaterThan(30);
        kinds.ShouldContain("enrolment.remove");
        kinds.ShouldAllBe(kind => Allyship.Web.Features.People.AuditLog.Describe(kind) != kind);
        Allyship.Web.Features.People.AuditLog.Describe("something.new").ShouldBe("something.new");
        Allyship.Web.Features.People.AuditLog.DescribeFamily("signin").ShouldBe("Sign-ins");
    }
}

public sealed class StackedTableTests
{
    [Fact]
    public void Each_body_cell_gets_its_columns_header_as_a_label_and_wide_screen_words_are_left_out()
    {
        var html = "<thead><tr><th scope=\"col\">Week of</th><th class=\"text-end\">Coffees <span class=\"d-none d-md-block small\">interpersonal</span></th><th>Q&amp;A</th></tr></thead>"
            + "<tbody><tr><th scope=\"row\">2 Nov</th><td class=\"text-end\">3</td><td data-label=\"Own\">x</td></tr><tr><th>9 Nov</th><td>1</td><td>y</td></tr></tbody>";
        var labelled = Allyship.Web.Infrastructure.StackedTableTagHelper.Label(html);
        labelled.ShouldContain("<th scope=\"row\">2 Nov</th><td data-label=\"Coffees\" class=\"text-end\">3</td><td data-label=\"Own\">x</td>");
        labelled.ShouldContain("<th>9 Nov</th><td data-label=\"Coffees\">1</td><td data-label=\"Q&amp;A\">y</td>");
        Allyship.Web.Infrastructure.StackedTableTagHelper.Label("<tbody><tr><td>1</td></tr></tbody>").ShouldBe("<tbody><tr><td>1</td></tr></tbody>");
    }
}

public sealed class WordsTests
{
    [Theory]
    [InlineData("Ben Yilmaz", "Ben")]
    [InlineData("  Amara  ", "Amara")]
    [InlineData("", "there")]
    [InlineData(null, "there")]
    [InlineData("ben@example.com", "there")]
    public void Greetings_use_the_first_name(string? name, string greeting) => Allyship.Web.Features.Shared.Words.FirstName(name).ShouldBe(greeting);

    [Fact]
    public void Counts_say_one_or_many_and_lists_end_with_and()
    {
        Allyship.Web.Features.Shared.Words.Count(1, "coffee").ShouldBe("1 coffee");
        Allyship.Web.Features.Shared.Words.Count(0, "sponsor note").ShouldBe("0 sponsor notes");
        Allyship.Web.Features.Shared.Words.List(["a coffee", "a shout-out", "a sponsor note"]).ShouldBe("a coffee, a shout-out and a sponsor note");
    }

    [Fact]
    public void Reminder_subjects_stay_within_60_characters()
    {
        var targets = new WeeklyTargets { Coffees = 3, ShoutOuts = 3, SponsorNotes = 3 };
        var week = new Allyship.Web.Features.Pledge.PledgeWeek(new DateOnly(2026, 11, 23));
        var progress = Allyship.Web.Features.Pledge.WeekProgress.FromTotals(week, targets, []);
        var subject = Allyship.Web.Features.Reminders.ReminderEmails.Subject(EmailKind.LastCall, Allyship.Web.Features.Pledge.ActionKinds.All, progress);
        subject.Length.ShouldBeLessThanOrEqualTo(60);
        subject.ShouldStartWith("Last call:");
    }
}
