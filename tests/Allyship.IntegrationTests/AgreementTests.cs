using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Infrastructure.Email;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>
/// Issue 33, "every place agrees": one varied quarter, then every page, email and sheet that shows a number is read as
/// its reader reads it, and each number two of them share must be the same (docs/metrics.md names each number's home).
/// Three programs in three time zones start on Monday 31 August 2026, so FY2026 Q3 holds five of their weeks. Each week
/// closes on the Monday after (10:00 UTC: after midnight in Los Angeles, London and Auckland), and the digest of the
/// week just closed is checked against the dashboard for that week at once (the digest is sent once; a grace-week edit
/// later rewrites the rollup, never the mail). Then the dashboard for the quarter's weeks, the HR preview, each CSV
/// sheet and the workbook are compared; then every closed week is rolled up again and must come out the same.
/// </summary>
public sealed class AgreementTests(ITestOutputHelper output)
{
    private static readonly string[] Zones = ["Europe/London", "America/Los_Angeles", "Pacific/Auckland"];
    private static readonly DateOnly FirstMonday = new(2026, 8, 31);
    private const int Weeks = 5;
    private const int MentorsPerProgram = 9;
    private const string Quarter = "FY2026-Q3";

    private static DateOnly Monday(int week) => FirstMonday.AddDays(7 * week);

    private static DateTimeOffset MondayMorning(int week) => Utc(Monday(week).Year, Monday(week).Month, Monday(week).Day, 10);

    /// <summary>
    /// What mentor <paramref name="i"/> of program <paramref name="p"/> does in week <paramref name="w"/>: the last mentor
    /// never logs (lapsed); the others rotate through a complete week, a coffee only, nothing, and a shout-out with a
    /// sponsor note. The seventh (i = 6) leaves before week 3; the eighth (i = 7) is paused in week 2 and, in the first
    /// program, completes that week anyway.
    /// </summary>
    private static ActionKind[] Plan(int p, int i, int w)
    {
        if (i == MentorsPerProgram - 1 || (i == 6 && w >= 3))
        {
            return [];
        }

        if (i == 7 && w == 2)
        {
            return p == 0 ? [ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote] : [];
        }

        return ((i + w + p) % 4) switch
        {
            0 => [ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote],
            1 => [ActionKind.Coffee],
            2 => [],
            _ => [ActionKind.ShoutOut, ActionKind.SponsorNote],
        };
    }

    private sealed record Digest(int Enrolled, int Paused, int Active, int Counted, int ParticipationPercent, int Complete, int CompletionPercent,
        int Minutes, List<string> Lapsed);

    [Fact]
    public async Task The_dashboard_the_digest_the_hr_preview_every_csv_sheet_and_the_workbook_agree_and_a_re_rollup_changes_nothing()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        app.Clock.SetUtcNow(MondayMorning(0));
        var data = new TestData(app);
        var programs = new List<PledgeProgram>();
        var mentors = new List<List<TestUser>>();
        foreach (var zone in Zones)
        {
            var program = await data.ProgramAsync(zone, FirstMonday, p => p.AskColleaguesToConfirm = true);
            programs.Add(program);
            var own = new List<TestUser>();
            for (var i = 0; i < MentorsPerProgram; i++)
            {
                own.Add(await data.MentorAsync(program));
            }

            mentors.Add(own);
        }
        // Departments: six in Engineering, three in Legal (a group HR's sheets merge into "Other").
        await app.WithDbAsync(async db =>
        {
            foreach (var (m, i) in mentors.SelectMany(own => own.Select((m, i) => (m, i))))
            {
                (await db.Users.SingleAsync(u => u.Id == m.Id)).Department = i < 6 ? "Engineering" : "Legal";
            }

            return await db.SaveChangesAsync();
        });

        var colleagues = new List<Colleague>();
        for (var c = 0; c < 6; c++)
        {
            colleagues.Add(await data.ColleagueAsync(department: c % 2 == 0 ? "Sales" : "Finance"));
        }

        var unnamed = await data.ColleagueAsync(name: "Asked Not-Named", department: "Sales"); // she asks in week 1
        colleagues.Add(unnamed);
        var erased = await data.ColleagueAsync(name: "To Be Erased", department: "Finance");
        colleagues.Add(erased);

        var adminUser = await data.UserAsync(Roles.ProgramAdmin);
        var hrUser = await data.UserAsync(Roles.HR);
        var actionsLogged = 0;

        for (var w = 0; w <= Weeks; w++)
        {
            app.Clock.SetUtcNow(MondayMorning(w));
            if (w > 0)
            {
                // Week w-1 closes; its digest is checked against the dashboard for that week before anyone edits it.
                await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
                await app.RunAsync<Allyship.Web.Features.Voice.ConfirmationJob, Allyship.Web.Features.Voice.ConfirmationJob.Result>(job => job.RunAsync());
                await app.RunAsync<OutboxDispatcher, DispatchReport>(job => job.RunAsync());
                var admin = await Browser.SignedInAsync(app, adminUser);
                foreach (var program in programs)
                {
                    await DigestAgreesWithDashboardAsync(app, admin, adminUser, program, w - 1);
                }
            }

            if (w == Weeks)
            {
                break;
            }
            await PeopleDoThingsAsync(app, programs, mentors, colleagues, adminUser, erased, w);
            // The week's ordinary actions, logged on its Tuesday to Thursday (local dates: the same in every zone).
            for (var p = 0; p < programs.Count; p++)
            {
                for (var i = 0; i < MentorsPerProgram; i++)
                {
                    foreach (var (kind, k) in Plan(p, i, w).Select((kind, k) => (kind, k)))
                    {
                        var colleague = colleagues[(3 * i + w + k + p) % colleagues.Count];
                        var minutes = kind == ActionKind.Coffee && (i + w) % 2 == 0 ? 45 : (int?)null;
                        await data.ActionAsync(mentors[p][i], programs[p], colleague, kind, Monday(w).AddDays(1 + k), minutes);
                        actionsLogged++;
                    }
                }
            }
        }

        actionsLogged.ShouldBeGreaterThan(100, "the control: a data set worth comparing");

        // The last week's grace: a mentor deletes one of its actions after the rollup and digest.
        var last = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.ProgramId == programs[1].Id && a.WeekStart == Monday(Weeks - 1)).OrderBy(a => a.Id).FirstAsync());
        var owner = mentors[1].Single(m => m.Id == last.MentorId);
        (await (await Browser.SignedInAsync(app, owner)).SubmitAsync($"/actions/{last.Id}/delete", "Delete it")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var adminBrowser = await Browser.SignedInAsync(app, adminUser);
        var hr = await Browser.SignedInAsync(app, hrUser);
        foreach (var program in programs)
        {
            await QuarterAgreesAsync(adminBrowser, hr, program);
        }

        await ReRollupChangesNothingAsync(app, programs);
    }

    /// <summary>
    /// The scripted changes people make through the app's own forms: a late log in the grace week, an edit and a delete
    /// after a rollup, a pause, a mid-quarter change of targets, a mentor who leaves, and a colleague who is erased.
    /// </summary>
    private static async Task PeopleDoThingsAsync(AppFixture app, List<PledgeProgram> programs, List<List<TestUser>> mentors,
        List<Colleague> colleagues, TestUser adminUser, Colleague erased, int w)
    {
        switch (w)
        {
            case 1:
                // A colleague answers last week's questions from the link in her email: one happened, one didn't, the rest
                // left open; another asks, from the link in hers, not to be named.
                var voice = new Browser(app.NewClient());
                var token = ConfirmToken(app, colleagues[0]);
                var questions = await voice.GetPageAsync($"/confirm/{token}");
                questions.QuerySelectorAll("fieldset.confirm-item").Length.ShouldBeGreaterThan(2);
                (await voice.SubmitAsync(questions, $"/confirm/{token}", "Save my answers",
                    new() { ["Answers[0].Answer"] = "happened", ["Answers[0].Usefulness"] = "4", ["Answers[1].Answer"] = "didnt" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                (await voice.SubmitAsync($"/colleague/choices/{ConfirmToken(app, colleagues[6])}", "Save my choices", new() { ["NotNamed"] = "true" }))
                    .StatusCode.ShouldBe(HttpStatusCode.Redirect);

                // Monday of week 1: each program's first mentor logs a coffee dated last Friday (its grace week).
                foreach (var (program, p) in programs.Select((x, p) => (x, p)))
                {
                    var mentor = await Browser.SignedInAsync(app, mentors[p][0]);
                    var form = new Dictionary<string, string?> { ["Input.ColleagueId"] = colleagues[p].Id.ToString(CultureInfo.InvariantCulture), ["Input.OccurredOn"] = Monday(0).AddDays(4).ToString("yyyy-MM-dd") };
                    (await mentor.SubmitAsync($"/week?program={program.Id}", "Log coffee", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                }

                break;
            case 2:
            {
                var admin = await Browser.SignedInAsync(app, adminUser);
                foreach (var (program, p) in programs.Select((x, p) => (x, p)))
                {
                    // The eighth mentor is paused for the whole of week 2.
                    (await admin.SubmitAsync($"/admin/programs/{program.Id}/mentors", $"Pause {mentors[p][7].Email}", new() { ["pauseUntil"] = Monday(2).AddDays(6).ToString("yyyy-MM-dd") }))
                        .StatusCode.ShouldBe(HttpStatusCode.Redirect);
                }

                // Wednesday of week 2: the first program asks for two coffees a week from now on (mid-quarter).
                app.Clock.SetUtcNow(MondayMorning(2).AddDays(2));
                admin = await Browser.SignedInAsync(app, adminUser);
                (await admin.SubmitAsync($"/admin/programs/{programs[0].Id}/edit", "Save settings", new() { ["Input.Coffees"] = "2" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                (await app.WithDbAsync(db => db.Programs.SingleAsync(x => x.Id == programs[0].Id))).Targets.Coffees.ShouldBe(2);

                foreach (var (program, p) in programs.Select((x, p) => (x, p)))
                {
                    // Then a mentor edits one of last week's actions (after its rollup, in its grace week: judged again by
                    // the targets that week closed with, not the new ones) and deletes another.
                    var week1 = await app.WithDbAsync(db => db.Actions.AsNoTracking()
                        .Where(a => a.ProgramId == program.Id && a.WeekStart == Monday(1)).OrderBy(a => a.Id).ToListAsync());
                    // Her one coffee met week 1's target of one; judged by the new target of two it would not.
                    var who = mentors[p].First(m => week1.Count(a => a.MentorId == m.Id && a.Kind == ActionKind.Coffee) == 1 && week1.Count(a => a.MentorId == m.Id) >= 2);
                    var coffee = week1.Single(a => a.MentorId == who.Id && a.Kind == ActionKind.Coffee);
                    var other = week1.Last(a => a.MentorId == who.Id && a.Kind != ActionKind.Coffee);
                    var browser = await Browser.SignedInAsync(app, who);
                    (await browser.SubmitAsync($"/actions/{coffee.Id}/edit", "Save changes", new() { ["Input.Minutes"] = "50" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                    (await browser.SubmitAsync($"/actions/{other.Id}/delete", "Delete it")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                }

                break;
            }

            case 3:
            {
                var admin = await Browser.SignedInAsync(app, adminUser);
                foreach (var (program, p) in programs.Select((x, p) => (x, p)))
                {
                    // The seventh mentor leaves the program; her weeks stay in the reports.
                    var enrolment = await app.WithDbAsync(db => db.Enrolments.SingleAsync(e => e.ProgramId == program.Id && e.MentorId == mentors[p][6].Id));
                    (await admin.SubmitAsync($"/admin/programs/{program.Id}/mentors?remove={enrolment.Id}", "Remove", within: "#confirm-remove"))
                        .StatusCode.ShouldBe(HttpStatusCode.Redirect);
                }

                // A colleague is erased: the actions about her still count.
                (await admin.SubmitAsync($"/admin/colleagues/{erased.Id}/edit", "Erase", new() { ["confirm"] = erased.Email })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                break;
            }
        }
    }

    /// <summary>The link in the last confirmation email the colleague received.</summary>
    private static string ConfirmToken(AppFixture app, Colleague colleague)
    {
        var mail = app.Smtp.To(colleague.Email);
        mail.ShouldNotBeEmpty($"{colleague.Name} was asked");
        var token = Regex.Match(mail[^1].TextBody!, @"/confirm/([A-Za-z0-9_-]+)").Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    /// <summary>The digest of <paramref name="week"/> against the dashboard for that one week (the digest's own link) and its lapsed list.</summary>
    private static async Task DigestAgreesWithDashboardAsync(AppFixture app, Browser admin, TestUser adminUser, PledgeProgram program, int week)
    {
        var monday = Monday(week);
        var mail = app.Smtp.To(adminUser.Email)
            .Where(m => m.TextBody!.Contains(program.Name, StringComparison.Ordinal) && m.TextBody.Contains(monday.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .ShouldHaveSingleItem($"the digest of {program.Name} for the week of {monday}");
        var digest = ParseDigest(mail.TextBody!);
        var where = $"{program.TimeZoneId}, week of {monday:yyyy-MM-dd}";

        var link = Regex.Match(mail.TextBody!, @"/admin/programs/\d+\?period=custom&from=[\d-]+&to=[\d-]+").Value;
        link.ShouldBe($"/admin/programs/{program.Id}?period=custom&from={monday:yyyy-MM-dd}&to={monday.AddDays(6):yyyy-MM-dd}");
        var page = await admin.GetPageAsync(link);
        var row = WeekRows(page).ShouldHaveSingleItem();
        row.Week.ShouldBe(monday, where);
        (row.Complete, row.Counted, row.Active, row.Minutes, row.CompletionPercent)
            .ShouldBe((digest.Complete, digest.Counted, digest.Active, digest.Minutes, digest.CompletionPercent), $"digest against dashboard, {where}");
        digest.Enrolled.ShouldBe(digest.Counted + digest.Paused, where);
        Percent(digest.Active, digest.Counted).ShouldBe(digest.ParticipationPercent, $"participation as the dashboard rounds it, {where}");

        // Lapsed: the digest asks in the week it reports on, the dashboard in the open week; on the Monday morning the
        // digest is sent nobody has logged in the open week yet, so the two lists are the same people.
        var lapsedShown = page.QuerySelectorAll("#lapsed-list li strong").Select(e => e.TextContent.Trim()).OrderBy(n => n, StringComparer.Ordinal).ToList();
        lapsedShown.ShouldBe(digest.Lapsed.OrderBy(n => n, StringComparer.Ordinal).ToList(), $"lapsed, {where}");
        if (week >= 1)
        {
            digest.Lapsed.ShouldNotBeEmpty("the control: the mentor who never logs is lapsed from the second week on");
        }
    }

    private static Digest ParseDigest(string text)
    {
        Match M(string pattern) => Regex.Match(text, pattern).ShouldNotBeNull();
        int I(Match m, int group) => int.Parse(m.Groups[group].Value.Replace(",", ""), CultureInfo.InvariantCulture);
        var enrolled = M(@"Mentors enrolled: (\d+) \((\d+) paused\)");
        var participation = M(@"Participation: (\d+) of (\d+) logged something \((\d+)%\)");
        var completion = M(@"Completion: (\d+) of (\d+) completed the week \((\d+)%\)");
        var minutes = M(@"Minutes: ([\d,]+)");
        var lapsed = M(@"Lapsed \(nothing logged for [^)]*\): (.*)");
        new[] { enrolled, participation, completion, minutes, lapsed }.ShouldAllBe(m => m.Success, text);
        I(participation, 2).ShouldBe(I(completion, 2));
        var names = lapsed.Groups[1].Value.Trim();
        return new Digest(I(enrolled, 1), I(enrolled, 2), I(participation, 1), I(participation, 2), I(participation, 3), I(completion, 1), I(completion, 3),
            I(minutes, 1), names == "none" ? [] : names.Split(", ").Select(n => n.Trim()).ToList());
    }

    private sealed record DashboardWeek(DateOnly Week, int Complete, int Counted, int CompletionPercent, int Active, int Minutes);

    private static List<DashboardWeek> WeekRows(IHtmlDocument page) =>
        page.QuerySelectorAll("#weeks-table tbody tr").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
            var week = DateOnly.ParseExact(tr.QuerySelector("th")!.TextContent.Replace(" (live)", "").Trim(), "d MMM yyyy", CultureInfo.InvariantCulture);
            return new DashboardWeek(week, Number(cells[0]), Number(cells[1]), Number(cells[2]), Number(cells[3]), Number(cells[4]));
        }).ToList();

    /// <summary>A number as a page shows it: "1,234", "67%", "12 pts".</summary>
    private static int Number(string shown) =>
        int.Parse(new string(shown.Where(c => char.IsDigit(c) || c == '-').ToArray()), CultureInfo.InvariantCulture);

    private static int Number(IHtmlDocument page, string selector) => Number(page.QuerySelector(selector).ShouldNotBeNull(selector).TextContent);

    /// <summary>A share in whole points as every page shows it (VoiceNumbers.Points: half away from zero).</summary>
    private static int Percent(int part, int whole) => whole == 0 ? 0 : (int)Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero);

    /// <summary>The program's dashboard for the quarter's weeks against HR's preview of that program and quarter, each CSV sheet and the workbook.</summary>
    private static async Task QuarterAgreesAsync(Browser admin, Browser hr, PledgeProgram program)
    {
        var where = program.TimeZoneId;
        var dashboard = await admin.GetPageAsync($"/admin/programs/{program.Id}?period=custom&from=2026-07-01&to=2026-09-30");
        var preview = await hr.GetPageAsync($"/reports?quarter={Quarter}&program={program.Id}");
        preview.QuerySelector("#no-data").ShouldBeNull();

        // Week by week: the dashboard's weeks of the quarter are the preview's trend, all closed.
        var weeks = WeekRows(dashboard);
        weeks.Select(w => w.Week).ShouldBe(Enumerable.Range(0, Weeks).Select(Monday), where);
        var trend = preview.QuerySelectorAll("#trend-table tbody tr").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
            return (Week: DateOnly.ParseExact(tr.QuerySelector("th")!.TextContent.Trim(), "d MMM yyyy", CultureInfo.InvariantCulture),
                Complete: Number(cells[0]), Counted: Number(cells[1]), Percent: Number(cells[2]), Minutes: Number(cells[3]));
        }).ToList();
        trend.ShouldBe(weeks.Select(w => (w.Week, w.Complete, w.Counted, w.CompletionPercent, w.Minutes)).ToList(), $"dashboard weeks against the HR trend, {where}");

        // The headline numbers.
        var complete = weeks.Sum(w => w.Complete);
        var counted = weeks.Sum(w => w.Counted);
        var minutes = weeks.Sum(w => w.Minutes);
        Number(dashboard, "#stat-minutes").ShouldBe(minutes, where);
        Number(preview, "#sum-minutes").ShouldBe(minutes, $"minutes, {where}");
        Number(preview, "#sum-complete").ShouldBe(complete, $"complete weeks, {where}");
        Number(dashboard, "#stat-completion").ShouldBe(Percent(complete, counted), where);
        Number(preview, "#sum-rate").ShouldBe(Number(dashboard, "#stat-completion"), $"completion rate, {where}");
        Number(preview, "#sum-reach").ShouldBe(Number(dashboard, "#stat-reach"), $"colleagues reached, {where}");
        Number(preview, "#spread-reached").ShouldBe(Number(dashboard, "#stat-spread-reached"), $"spread: reached, {where}");
        Number(preview, "#spread-top-tenth").ShouldBe(Number(dashboard, "#stat-top-tenth"), $"spread: top tenth, {where}");
        preview.QuerySelector("#spread-gini")!.TextContent.ShouldBe(dashboard.QuerySelector("#stat-gini")!.TextContent, $"spread: Gini, {where}");

        // Levels: each kind's share of counted weeks done, and minutes by kind (from the actions) add up to the rollups' minutes.
        var kinds = dashboard.QuerySelectorAll("#kinds-table tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(c => Number(c.TextContent)).ToArray()).ToList();
        var levels = preview.QuerySelectorAll("#levels-table tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(c => Number(c.TextContent)).ToArray()).ToList();
        levels.Select(l => l[2]).ShouldBe(kinds.Select(k => k[0]), $"each kind's weeks done, {where}");
        levels.Sum(l => l[1]).ShouldBe(minutes, $"minutes by kind add up to the minutes, {where}");

        // The CSV sheets.
        var summary = (await CsvAsync(hr, program, "summary")).Skip(1).ToDictionary(r => r[0], r => r[1]);
        int S(string measure) => int.Parse(summary[measure], CultureInfo.InvariantCulture);
        (S("Mentors enrolled"), S("Mentors active"), S("Weeks complete"), S("Mentor-weeks counted"), S("Minutes"), S("Colleagues reached"))
            .ShouldBe((Number(preview, "#sum-enrolled"), Number(preview, "#sum-active"), complete, counted, minutes, Number(preview, "#sum-reach")), $"Summary sheet, {where}");
        Math.Round(double.Parse(summary["Completion %"], CultureInfo.InvariantCulture), MidpointRounding.AwayFromZero).ShouldBe(Percent(complete, counted), $"Summary sheet completion, {where}");

        var weeksCsv = (await CsvAsync(hr, program, "weeks")).Skip(1).Select(r => (DateOnly.Parse(r[0], CultureInfo.InvariantCulture), Int(r[1]), Int(r[2]), Int(r[4]))).ToList();
        weeksCsv.ShouldBe(weeks.Select(w => (w.Week, w.Complete, w.Counted, w.Minutes)).ToList(), $"Weeks sheet, {where}");

        var mentorsCsv = (await CsvAsync(hr, program, "mentors")).Skip(1).ToList();
        mentorsCsv.Count.ShouldBe(S("Mentors enrolled"), $"Mentors sheet rows, {where}");
        (mentorsCsv.Sum(r => Int(r[4])), mentorsCsv.Sum(r => Int(r[5])), mentorsCsv.Sum(r => Int(r[10])))
            .ShouldBe((counted, complete, minutes), $"Mentors sheet sums, {where}");

        var departmentsCsv = (await CsvAsync(hr, program, "departments")).Skip(1).ToList();
        (departmentsCsv.Sum(r => Int(r[1])), departmentsCsv.Sum(r => Int(r[2])), departmentsCsv.Sum(r => Int(r[3])), departmentsCsv.Sum(r => Int(r[8])))
            .ShouldBe((S("Mentors enrolled"), counted, complete, minutes), $"Departments sheet sums, {where}");

        var levelsCsv = (await CsvAsync(hr, program, "levels")).Skip(1).ToList();
        levelsCsv.Select(r => Int(r[2])).ShouldBe(levels.Select(l => l[1]), $"Levels sheet minutes, {where}");
        levelsCsv.Select(r => Int(r[4])).ShouldAllBe(c => c == counted, $"Levels sheet counted weeks, {where}");
        levelsCsv.Select(r => Percent(Int(r[3]), Int(r[4]))).ShouldBe(kinds.Select(k => k[0]), $"Levels sheet weeks done, {where}");
        // Actions by kind: the Levels sheet (from the actions), the Mentors sheet (from the rollups), the Colleagues sheet (received).
        var colleaguesCsv = (await CsvAsync(hr, program, "colleagues")).Skip(1).ToList();
        var byKind = levelsCsv.Select(r => Int(r[1])).ToList();
        new[] { mentorsCsv.Sum(r => Int(r[7])), mentorsCsv.Sum(r => Int(r[8])), mentorsCsv.Sum(r => Int(r[9])) }.ToList().ShouldBe(byKind, $"Mentors sheet actions by kind, {where}");
        new[] { colleaguesCsv.Sum(r => Int(r[3])), colleaguesCsv.Sum(r => Int(r[4])), colleaguesCsv.Sum(r => Int(r[5])) }.ToList().ShouldBe(byKind, $"Colleagues sheet actions by kind, {where}");
        colleaguesCsv.Count.ShouldBe(S("Colleagues reached"), $"Colleagues sheet rows, {where}");
        colleaguesCsv.ShouldNotContain(r => r[0] == "Asked Not-Named" || r[0] == "To Be Erased", "neither the unnamed nor the erased colleague is named");

        var spreadCsv = (await CsvAsync(hr, program, "spread")).Skip(1).ToList();
        string Spread(string measure, string group) => spreadCsv.Single(r => r[0].StartsWith(measure, StringComparison.Ordinal) && r[1] == group)[2];
        Int(Spread("Colleagues reached", "Any action")).ShouldBe(Number(dashboard, "#stat-spread-reached"), $"Spread sheet, {where}");
        Int(Spread("Share to the top 10%", "Sponsor notes")).ShouldBe(Number(dashboard, "#stat-top-tenth"), $"Spread sheet, {where}");
        Spread("Gini", "Sponsor notes").ShouldBe(dashboard.QuerySelector("#stat-gini")!.TextContent, $"Spread sheet, {where}");
        kinds.Select(k => k[1]).ShouldBe([Int(Spread("Colleagues reached", "Coffee")), Int(Spread("Colleagues reached", "Shout-out")), Int(Spread("Colleagues reached", "Sponsor note"))],
            $"colleagues reached by kind, dashboard against the Spread sheet, {where}");

        // The colleague's voice: confirmed of asked, the share of answers that said it didn't happen, and week by week.
        (int Confirmed, int Asked) Asked(IHtmlDocument page, string selector)
        {
            var m = Regex.Match(page.QuerySelector(selector)!.ParentElement!.TextContent, @"confirmed \((\d+) of (\d+) asked\)");
            m.Success.ShouldBeTrue(selector);
            return (Int(m.Groups[1].Value), Int(m.Groups[2].Value));
        }

        var voiceCsv = (await CsvAsync(hr, program, "voice")).Skip(1).ToList();
        var all = voiceCsv.Single(r => r[0] == "Confirmation rate" && r[1] == "All actions");
        var confirmations = Asked(dashboard, "#stat-confirmation");
        confirmations.Asked.ShouldBeGreaterThan(0, "the control: colleagues were asked");
        Asked(preview, "#voice-confirmed").ShouldBe(confirmations, $"confirmed of asked, HR preview against dashboard, {where}");
        (Int(all[2]), Int(all[3])).ShouldBe(confirmations, $"Voice sheet, {where}");
        preview.QuerySelector("#voice-confirmed")!.TextContent.ShouldBe(dashboard.QuerySelector("#stat-confirmation")!.TextContent, $"confirmation rate, {where}");
        Int(all[4]).ShouldBe(Number(dashboard, "#stat-confirmation"), $"Voice sheet confirmation rate, {where}");
        preview.QuerySelector("#voice-didnt")!.TextContent.ShouldBe(dashboard.QuerySelector("#stat-didnt")!.TextContent, $"didn't-happen share, {where}");
        var didnt = voiceCsv.Single(r => r[0] == "Didn't happen");
        (didnt[4] == "" ? "—" : didnt[4] + "%").ShouldBe(dashboard.QuerySelector("#stat-didnt")!.TextContent, $"Voice sheet didn't-happen share, {where}");
        var voiceWeeks = dashboard.QuerySelectorAll("#voice-weeks tbody tr").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("td").Select(c => Number(c.TextContent)).ToArray();
            return (Week: DateOnly.ParseExact(tr.QuerySelector("th")!.TextContent.Trim(), "d MMM yyyy", CultureInfo.InvariantCulture), Asked: cells[0], Confirmed: cells[1], Rate: cells[3]);
        }).ToList();
        voiceWeeks.ShouldBe(voiceCsv.Where(r => r[0] == "Confirmation rate by week")
            .Select(r => (DateOnly.Parse(r[1], CultureInfo.InvariantCulture), Int(r[3]), Int(r[2]), Int(r[4]))).ToList(), $"confirmations week by week, {where}");

        // The workbook: every sheet holds what its CSV holds, cell for cell, as each reads (69.2% in the workbook is 69.2 in the CSV).
        var workbook = await WorkbookAsync(hr, program);
        foreach (var sheet in Allyship.Web.Features.Reports.ReportExport.Sheets)
        {
            var name = char.ToUpperInvariant(sheet[0]) + sheet[1..];
            var csv = await CsvAsync(hr, program, sheet);
            workbook[name].Select(r => string.Join("|", r.Select(Cell))).ShouldBe(csv.Select(r => string.Join("|", r.Select(Unquoted).Select(Cell))), $"{name} sheet: XLSX against CSV, {where}");
        }
    }

    /// <summary>A cell's value: a number as its value (the CSV writes 0.0 where the workbook holds the number 0), text as it is.</summary>
    private static string Cell(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString("R", CultureInfo.InvariantCulture) : text;

    private static int Int(string cell) => int.Parse(cell, CultureInfo.InvariantCulture);

    /// <summary>A CSV cell as the workbook holds it: the apostrophe that keeps a formula inert is for CSV only.</summary>
    private static string Unquoted(string cell) => cell.StartsWith('\'') && cell.Length > 1 && "=+-@".Contains(cell[1]) ? cell[1..] : cell;

    private static async Task<List<string[]>> CsvAsync(Browser hr, PledgeProgram program, string sheet)
    {
        var response = await hr.Client.GetAsync(new Uri($"/reports/download?quarter={Quarter}&program={program.Id}&format=csv&sheet={sheet}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var parsed = Allyship.Web.Infrastructure.Csv.CsvText.Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
        parsed.Error.ShouldBeNull();
        return parsed.Records.Select(r => r.Fields.ToArray()).ToList();
    }

    /// <summary>Each sheet of the workbook as rows of cell texts as the reader sees them (missing cells as empty), by sheet name.</summary>
    private static async Task<Dictionary<string, List<string[]>>> WorkbookAsync(Browser hr, PledgeProgram program)
    {
        var response = await hr.Client.GetAsync(new Uri($"/reports/download?quarter={Quarter}&program={program.Id}&format=xlsx", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var part = document.WorkbookPart!;
        var shown = new WorkbookCells(part);
        var result = new Dictionary<string, List<string[]>>();
        foreach (var sheet in part.Workbook.Sheets!.Elements<Sheet>())
        {
            var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
            result[sheet.Name!.Value!] = worksheet.Descendants<Row>().Select(row =>
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnOf(cell.CellReference?.Value) ?? cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }

                    cells.Add(shown.Shown(cell));
                }

                return cells.ToArray();
            }).ToList();
        }

        return result;
    }

    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return column - 1;
    }

    /// <summary>
    /// Rolls up every closed week again, oldest first (as a catch-up would), with the program as it is now: every row must
    /// come out as it was, the weeks the first program closed before its change of targets judged by the targets they
    /// closed with (<see cref="ClosedWeek.Targets"/>).
    /// </summary>
    private static async Task ReRollupChangesNothingAsync(AppFixture app, List<PledgeProgram> programs)
    {
        var before = await RowsAsync(app);
        before.Count.ShouldBe(programs.Count * MentorsPerProgram * Weeks - programs.Count * 2, "the control: the leaver has no rows after she left");
        foreach (var stored in programs)
        {
            // The program as it is now: the first one asks for two coffees since week 2; the weeks before keep their one.
            var program = await app.WithDbAsync(db => db.Programs.AsNoTracking().SingleAsync(p => p.Id == stored.Id));
            for (var w = 0; w < Weeks; w++)
            {
                (await app.RunAsync<WeeklyRollupJob, bool>(job => job.RollUpAgainAsync(program, new PledgeWeek(Monday(w)), CancellationToken.None))).ShouldBeTrue();
            }
        }

        var after = await RowsAsync(app);
        string.Join("\n", before.Except(after).Select(r => "- " + r).Concat(after.Except(before).Select(r => "+ " + r)))
            .ShouldBeEmpty("rows a re-rollup loses (-) or computes differently (+)");
    }

    private static Task<List<string>> RowsAsync(AppFixture app) =>
        app.WithDbAsync(async db => (await db.WeeklyRollups.AsNoTracking().ToListAsync())
            .Select(r => $"{r.ProgramId} {r.WeekStart:yyyy-MM-dd} {r.MentorId[..8]} {r.Department} c{r.Coffees} s{r.ShoutOuts} n{r.SponsorNotes} m{r.Minutes} col{r.Colleagues} "
                + $"done{(r.CoffeeDone ? 1 : 0)}{(r.ShoutOutDone ? 1 : 0)}{(r.SponsorNoteDone ? 1 : 0)} paused{(r.Paused ? 1 : 0)} streak{r.Streak} idle{r.IdleWeeks}")
            .OrderBy(s => s, StringComparer.Ordinal).ToList());
}
