using System.Net;
using System.Text;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// HR's outcome events: imported all or nothing (audited, a second import adds nothing), then set beside sponsorship in
/// the report's preview and its Outcomes sheet with the same numbers; HR only. Each test has its own app and database.
/// </summary>
public sealed class OutcomeTests(ITestOutputHelper output)
{
    private static Task<HttpResponseMessage> PreviewAsync(Browser hr, string csv) =>
        hr.SubmitAsync("/reports/outcomes", "Preview", files: new() { ["Upload"] = new("outcomes.csv", Encoding.UTF8.GetBytes(csv)) });

    private static Task<HttpResponseMessage> ImportPreviewedAsync(Browser hr, AngleSharp.Html.Dom.IHtmlDocument preview) =>
        hr.SubmitAsync(preview, "/reports/outcomes", "Import", within: "form[action*='handler=Import']");

    [Fact]
    public async Task Outcomes_are_imported_all_or_nothing_audited_and_once()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var bea = await data.ColleagueAsync("Bea Santos");
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));

        var bad = await Browser.ParseAsync(await PreviewAsync(hr, $"email,date,kind\n{amara.Email},2026-06-01,promotion\nnobody@example.com,2026-06-01,exit\n{bea.Email},2026-13-01,exit\n"));
        var errors = bad.QuerySelector("#import-errors")!.TextContent;
        errors.ShouldContain("Nothing was imported.");
        errors.ShouldContain("Line 3: Nobody in the colleague directory has the email nobody@example.com");
        errors.ShouldContain("Line 4: “2026-13-01” is not a date");
        bad.QuerySelector("form[action*='handler=Import']").ShouldBeNull();
        (await app.WithDbAsync(db => db.Outcomes.CountAsync())).ShouldBe(0);

        // The refused rows (an unknown email too) download as a file to fix; the good row is not in it.
        var toFix = await (await hr.SubmitAsync(bad, "/reports/outcomes", "to fix (CSV)")).Content.ReadAsStringAsync();
        var lines = toFix.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("email,date,kind,line,problem");
        lines.Length.ShouldBe(3);
        lines[1].ShouldStartWith("nobody@example.com,2026-06-01,exit,3,");
        lines[2].ShouldStartWith($"{bea.Email},2026-13-01,exit,4,");
        (await (await hr.Client.GetAsync(new Uri("/reports/outcomes?handler=Template", UriKind.Relative))).Content.ReadAsStringAsync())
            .TrimStart('\uFEFF').ShouldStartWith("email,date,kind\r\n");

        var csv = $"Email,Date,Kind\n{amara.Email.ToUpperInvariant()},2026-06-01,Promotion\n{bea.Email},2026-07-15,exit\n{bea.Email},2026-03-01,role change\n";
        var preview = await Browser.ParseAsync(await PreviewAsync(hr, csv));
        preview.QuerySelector("#preview-summary")!.TextContent.ShouldBe("1 promotions, 1 role changes and 1 exits to add; 0 already recorded.");
        (await app.WithDbAsync(db => db.Outcomes.CountAsync())).ShouldBe(0); // a preview changes nothing
        (await ImportPreviewedAsync(hr, preview)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stored = await app.WithDbAsync(db => db.Outcomes.AsNoTracking().OrderBy(o => o.OccurredOn).Select(o => new { o.ColleagueId, o.OccurredOn, o.Kind }).ToListAsync());
        stored.Select(o => (o.ColleagueId, o.Kind)).ShouldBe([(bea.Id, OutcomeKind.RoleChange), (amara.Id, OutcomeKind.Promotion), (bea.Id, OutcomeKind.Exit)]);
        (await app.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == "outcomes.import"))).Details
            .ShouldBe("1 promotions, 1 role changes, 1 exits added; 0 already recorded");

        // The same file again: nothing new.
        var again = await Browser.ParseAsync(await PreviewAsync(hr, csv));
        again.QuerySelector("#preview-summary")!.TextContent.ShouldBe("0 promotions, 0 role changes and 0 exits to add; 3 already recorded.");
        (await ImportPreviewedAsync(hr, again)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Outcomes.CountAsync())).ShouldBe(3);
        (await hr.GetPageAsync("/reports/outcomes")).QuerySelector("#outcomes-recorded")!.TextContent.ShouldContain("Promotion: 1");
    }

    [Fact]
    public async Task A_uk_dated_file_saved_by_excel_with_semicolons_imports_after_a_preview_of_how_its_dates_read()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var data = new TestData(app);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var bea = await data.ColleagueAsync("Bea Santos");
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));

        // The form offers both orders and, with no locale to go by, starts on day/month/year.
        var form = await hr.GetPageAsync("/reports/outcomes");
        form.QuerySelectorAll("#date-order option").Select(o => o.TextContent).ShouldBe(["Day/month/year (UK, Europe)", "Month/day/year (US)"]);
        form.QuerySelector("#date-order option[selected]")!.TextContent.ShouldBe("Day/month/year (UK, Europe)");

        // As Excel in the UK and much of Europe saves "CSV UTF-8": semicolons, day first; one date left as Excel's number.
        var csv = $"\uFEFFEmail;Date;Kind\r\n{amara.Email};30/11/2026;Promotion\r\n{bea.Email};01/02/2026;role change\r\n{bea.Email};46356;exit\r\n";
        var preview = await Browser.ParseAsync(await hr.SubmitAsync("/reports/outcomes", "Preview", files: new() { ["Upload"] = new("hr-export.csv", Encoding.UTF8.GetBytes(csv)) }));
        preview.QuerySelector("#import-errors").ShouldBeNull();
        preview.QuerySelector("#first-rows-title")!.TextContent.ShouldBe("Here is how the first 3 rows read");
        preview.QuerySelector("#read-as")!.TextContent.ShouldStartWith("Dates read as day/month/year, fields separated by semicolons.");
        preview.QuerySelectorAll("#first-rows tbody tr").Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim()))).ShouldBe([
            $"2 | {amara.Email} | 30/11/2026 | 30 November 2026 | Promotion | New",
            $"3 | {bea.Email} | 01/02/2026 | 1 February 2026 | Role change | New",
            $"4 | {bea.Email} | 46356 | 30 November 2026 | Exit | New",
        ]);
        (await app.WithDbAsync(db => db.Outcomes.CountAsync())).ShouldBe(0); // a preview changes nothing

        (await ImportPreviewedAsync(hr, preview)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Outcomes.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.ColleagueId, o.OccurredOn, o.Kind }).ToListAsync()))
            .Select(o => (o.ColleagueId, o.OccurredOn, o.Kind)).ShouldBe([
                (amara.Id, new DateOnly(2026, 11, 30), OutcomeKind.Promotion),
                (bea.Id, new DateOnly(2026, 2, 1), OutcomeKind.RoleChange),
                (bea.Id, new DateOnly(2026, 11, 30), OutcomeKind.Exit),
            ]);
    }

    [Fact]
    public async Task A_file_read_in_the_wrong_order_says_so_and_is_read_again_in_the_other_without_uploading_it_again()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var data = new TestData(app);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));

        // A US file (11/30/2026) read as day/month/year: nothing imported, the line says which order to choose.
        var csv = $"email,date,kind\n{amara.Email},11/30/2026,promotion\n{amara.Email},01/02/2026,role change\n";
        var refused = await Browser.ParseAsync(await hr.SubmitAsync("/reports/outcomes", "Preview",
            fill: new() { ["DateOrder"] = "DayMonthYear" }, files: new() { ["Upload"] = new("us.csv", Encoding.UTF8.GetBytes(csv)) }));
        refused.QuerySelector("#import-errors")!.TextContent.ShouldContain(
            "Line 2: “11/30/2026” is not a date read as day/month/year (there is no month 30): if the file writes dates like 11/30/2026, choose Month/day/year (US).");
        refused.QuerySelector("form[action*='handler=Preview'] #upload").ShouldNotBeNull("another file can be chosen too");

        // The rows to fix are the ones refused in the order it was read with.
        var toFix = (await (await hr.SubmitAsync(refused, "/reports/outcomes", "to fix (CSV)")).Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        toFix.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);

        // Read again as month/day/year (the form offers the other order first): 01/02/2026 is 2 January.
        var reread = await Browser.ParseAsync(await hr.SubmitAsync(refused, "/reports/outcomes", "Read the file again", fill: new() { ["DateOrder"] = "MonthDayYear" }));
        reread.QuerySelector("#import-errors").ShouldBeNull();
        reread.QuerySelector("#read-as")!.TextContent.ShouldStartWith("Dates read as month/day/year, fields separated by commas.");
        reread.QuerySelectorAll("#first-rows tbody tr td:nth-child(4)").Select(c => c.TextContent).ShouldBe(["30 November 2026", "2 January 2026"]);
        (await ImportPreviewedAsync(hr, reread)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Outcomes.AsNoTracking().OrderBy(o => o.OccurredOn).Select(o => o.OccurredOn).ToListAsync()))
            .ShouldBe([new DateOnly(2026, 1, 2), new DateOnly(2026, 11, 30)]);
    }

    [Fact]
    public async Task Every_problem_of_a_line_is_listed_not_only_its_first()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        var data = new TestData(app);
        var amara = await data.ColleagueAsync("Amara Okafor");
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));

        var csv = $"email,date,kind\n{amara.Email},2026-06-01,promotion\n{amara.Email},31/02/2026,promoted-ish\nnobody@example.com,2026-13-01,exit\n";
        var page = await Browser.ParseAsync(await hr.SubmitAsync("/reports/outcomes", "Preview", files: new() { ["Upload"] = new("outcomes.csv", Encoding.UTF8.GetBytes(csv)) }));
        page.QuerySelectorAll("#import-errors li").Select(li => li.TextContent).ShouldBe([
            "Line 3: “31/02/2026” is not a date: February 2026 has 28 days. The kind is promotion, role change or exit, not “promoted-ish”.",
            "Line 4: Nobody in the colleague directory has the email nobody@example.com: import the directory first. “2026-13-01” is not a date: there is no month 13.",
        ]);
        page.QuerySelector("form[action*='handler=Import']").ShouldBeNull();
        (await app.WithDbAsync(db => db.Outcomes.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task The_preview_and_the_outcomes_sheet_group_colleagues_by_the_sponsorship_before_with_the_same_numbers()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2025, 1, 6));
        var mentor = await data.MentorAsync(program);
        var sponsored = new List<Colleague>();
        for (var i = 0; i < 5; i++)
        {
            var c = await data.ColleagueAsync($"Sponsored {i}");
            sponsored.Add(c);
            for (var n = 0; n < 4; n++)
            {
                await data.ActionAsync(mentor, program, c, ActionKind.SponsorNote, new DateOnly(2025, 2, 3).AddDays(7 * n)); // before the window
            }
        }

        var others = new List<Colleague>();
        for (var i = 0; i < 5; i++)
        {
            others.Add(await data.ColleagueAsync($"Other {i}"));
        }

        await app.WithDbAsync(db =>
        {
            db.Outcomes.Add(new OutcomeEvent { ColleagueId = sponsored[0].Id, OccurredOn = new DateOnly(2026, 2, 10), Kind = OutcomeKind.Promotion });
            db.Outcomes.Add(new OutcomeEvent { ColleagueId = sponsored[1].Id, OccurredOn = new DateOnly(2025, 11, 10), Kind = OutcomeKind.Promotion });
            db.Outcomes.Add(new OutcomeEvent { ColleagueId = others[0].Id, OccurredOn = new DateOnly(2026, 8, 1), Kind = OutcomeKind.Exit });
            return db.SaveChangesAsync();
        });
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));

        // FY2026 Q3 report: the window is 2025 Q4 to 2026 Q3. The sponsored five had 4 notes in February 2025: sustained in
        // 2025 Q4 (the year before 1 October 2025 holds them) and 2026 Q1 (before 1 January 2026), none afterwards.
        var preview = await hr.GetPageAsync($"/reports?quarter=FY2026-Q3&program={program.Id}");
        var rows = preview.QuerySelectorAll("#outcomes-table tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        rows[0][0].ShouldBe("No sponsor notes");
        rows[0][1..3].ShouldBe(["10", "30"]); // the others in four quarters (one left in Q3: 4+4+4+4+4 = 20), the sponsored in two: 10
        rows[0][4].ShouldStartWith("3%"); // 1 exit in 30 colleague-quarters
        rows[1][1..3].ShouldBe(["0", "0"]);
        rows[2][1..3].ShouldBe(["5", "10"]);
        rows[2][3].ShouldStartWith("20%"); // 2 promotions in 10 colleague-quarters
        preview.QuerySelector("#correlation-note")!.TextContent.ShouldContain("correlation, not proof");

        var sheet = (await hr.Client.GetStringAsync(new Uri($"/reports/download?quarter=FY2026-Q3&program={program.Id}&format=csv&sheet=outcomes", UriKind.Relative)))
            .TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        sheet[1][0..7].ShouldBe(["No sponsor notes", "10", "30", "0", "0.0", "1", "3.3"]);
        sheet[2][0..4].ShouldBe(["Some (1–3 sponsor notes)", "0", "0", ""]);
        sheet[3][0..7].ShouldBe(["Sustained (4 or more)", "5", "10", "2", "20.0", "0", "0.0"]);
    }

    [Theory]
    [InlineData(Roles.Mentor)]
    [InlineData(Roles.ProgramAdmin)]
    public async Task Only_HR_imports_outcomes_and_downloads_the_outcomes_sheet(string role)
    {
        await using var app = new AppFixture();
        var data = new TestData(app);
        var other = await Browser.SignedInAsync(app, await data.UserAsync(role));
        foreach (var url in new[] { "/reports/outcomes", "/reports/download?format=csv&sheet=outcomes" })
        {
            (await other.Client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
            (await app.NewClient().GetAsync(new Uri(url, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
        }

        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));
        (await hr.Client.GetAsync(new Uri("/reports/outcomes", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await hr.Client.GetAsync(new Uri("/reports/download?format=csv&sheet=outcomes", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
