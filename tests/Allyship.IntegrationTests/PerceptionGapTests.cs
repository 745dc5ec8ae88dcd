using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Voice;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// The pulse and the perception gap against a hand-counted data set: the dashboard and HR's Voice sheet show the same
/// numbers; pulse answers are stored without the person and hidden below Reporting:MinGroupSize (5).
/// </summary>
public sealed partial class PerceptionGapTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"/pulse/([A-Za-z0-9_-]+)")]
    private static partial Regex PulseLink();

    [Fact]
    public async Task The_dashboard_and_the_voice_sheet_show_the_hand_counted_gap_and_hide_small_pulse_groups()
    {
        await using var app = new AppFixture();
        app.LogTo(output);
        // Monday 5 October 2026: the fourth quarter began on the 1st, so the pulse asks about the third (July to September).
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 5, 10, 0, 0, TimeSpan.Zero));
        var data = new TestData(app);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 7, 6), configure: p => { p.AskColleaguesToConfirm = true; p.AskPulse = true; });
        var mentors = new List<TestUser>();
        var colleagues = new List<Colleague>();
        for (var i = 0; i < 5; i++)
        {
            mentors.Add(await data.MentorAsync(program));
            colleagues.Add(await data.ColleagueAsync($"Colleague {i}"));
        }

        // Hand-counted: five coffees (week of 14 September) and five shout-outs (week of 21 September), one each per mentor.
        //   coffees:    happened (5), happened (4), happened (3), didn't, unanswered  -> 3 of 5 confirmed, usefulness 4.0
        //   shout-outs: happened (5), happened (-), didn't, unanswered, unanswered    -> 2 of 5 confirmed, usefulness 5.0
        //   all: 5 of 10 confirmed = 50%; 2 "didn't" of 7 answers = 29%.
        var coffee = new (ConfirmationAnswer? Answer, int? Useful)[] { (ConfirmationAnswer.Happened, 5), (ConfirmationAnswer.Happened, 4), (ConfirmationAnswer.Happened, 3), (ConfirmationAnswer.DidNotHappen, null), (null, null) };
        var shoutOut = new (ConfirmationAnswer? Answer, int? Useful)[] { (ConfirmationAnswer.Happened, 5), (ConfirmationAnswer.Happened, null), (ConfirmationAnswer.DidNotHappen, null), (null, null), (null, null) };
        for (var i = 0; i < 5; i++)
        {
            var c = await data.ActionAsync(mentors[i], program, colleagues[i], ActionKind.Coffee, new DateOnly(2026, 9, 15));
            var s = await data.ActionAsync(mentors[i], program, colleagues[i], ActionKind.ShoutOut, new DateOnly(2026, 9, 22));
            await app.WithDbAsync(db =>
            {
                db.Confirmations.Add(new Confirmation { ActionId = c.Id, ColleagueId = colleagues[i].Id, AskedUtc = DateTime.UtcNow, Answer = coffee[i].Answer, Usefulness = coffee[i].Useful });
                db.Confirmations.Add(new Confirmation { ActionId = s.Id, ColleagueId = colleagues[i].Id, AskedUtc = DateTime.UtcNow, Answer = shoutOut[i].Answer, Usefulness = shoutOut[i].Useful });
                return db.SaveChangesAsync();
            });
        }

        // Mentors answer on their week page: 5, 4, 4, 2, 3 -> 3 of 5 agree = 60%.
        var mentorScores = new[] { 5, 4, 4, 2, 3 };
        for (var i = 0; i < 5; i++)
        {
            var mentor = await Browser.SignedInAsync(app, mentors[i]);
            (await mentor.GetPageAsync("/week")).QuerySelector("#pulse").ShouldNotBeNull();
            (await mentor.SubmitAsync("/week", "Send my answer", new() { ["score"] = mentorScores[i].ToString() }))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await mentor.GetPageAsync("/week")).QuerySelector("#pulse").ShouldBeNull(); // answered once, asked no more
        }

        // Colleagues named last quarter get one email each (a second run sends none).
        (await app.RunAsync<PulseJob, int>(job => job.RunAsync())).ShouldBe(5);
        (await app.RunAsync<PulseJob, int>(job => job.RunAsync())).ShouldBe(0);
        var tokens = await app.WithDbAsync(async db => (await db.Emails.Where(e => e.Kind == EmailKind.Pulse).OrderBy(e => e.ToAddress).Select(e => new { e.ToAddress, e.TextBody }).ToListAsync())
            .ToDictionary(e => e.ToAddress, e => PulseLink().Match(e.TextBody).Groups[1].Value));
        tokens.Count.ShouldBe(5);
        (await app.WithDbAsync(db => db.Emails.Where(e => e.Kind == EmailKind.Pulse).AllAsync(e => e.UnsubscribeUrl != null))).ShouldBeTrue(); // one-click stop

        // Four colleagues answer 4, 2, 2, 1 (one of them twice): below the group size, the colleagues' share is not shown.
        var colleagueScores = new[] { 4, 2, 2, 1, 5 };
        var visitor = new Browser(app.NewClient());
        string Url(int i) => $"/pulse/{tokens[colleagues[i].Email]}";
        Dictionary<string, string?> Answer(int i) => new() { ["Score"] = colleagueScores[i].ToString() };
        async Task AnswerAsync(int i)
        {
            // Her page ends in what she answered, in words, said once (it is kept without her name).
            var sent = await visitor.SubmitAsync(Url(i), "Send my answer", Answer(i));
            sent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var thanks = await visitor.GetPageAsync(sent.Headers.Location!.OriginalString);
            thanks.QuerySelector("#pulse-said")!.TextContent.ShouldBe(Allyship.Web.Features.Insights.AllyshipPulse.Scale.Single(s => s.Score == colleagueScores[i]).Label);
        }

        var secondTab = await visitor.GetPageAsync(Url(0)); // the first colleague has the page open twice
        for (var i = 0; i < 4; i++)
        {
            await AnswerAsync(i);
        }

        var again = await visitor.SubmitAsync(secondTab, Url(0), "Send my answer", Answer(0));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var counted = await Browser.ParseAsync(again);
        counted.QuerySelector("#pulse-summary")!.TextContent.ShouldContain("You have answered this quarter's question");
        counted.QuerySelector("#pulse-said").ShouldBeNull("her answer is not kept with her name, so it can't be shown again");
        (await app.WithDbAsync(db => db.PulseTallies.Where(t => t.Side == PulseSide.Colleague).SumAsync(t => t.Count))).ShouldBe(4);
        var admin = await Browser.SignedInAsync(app, await data.UserAsync(Roles.ProgramAdmin));
        var dashboardUrl = $"/admin/programs/{program.Id}?period=custom&from=2026-09-14&to=2026-09-27";
        var before = await admin.GetPageAsync(dashboardUrl);
        before.QuerySelector("#stat-colleagues-agree")!.TextContent.ShouldBe("fewer than 5 answers");
        before.QuerySelector("#stat-gap")!.TextContent.ShouldBe("—");

        // The fifth answer makes the group big enough: 2 of 5 agree = 40%, a gap of 20 points.
        await AnswerAsync(4);
        var page = await admin.GetPageAsync(dashboardUrl);
        string Stat(string id) => page.QuerySelector(id)!.TextContent.Trim();
        (Stat("#stat-confirmation"), Stat("#stat-didnt"), Stat("#stat-mentors-agree"), Stat("#stat-colleagues-agree"), Stat("#stat-gap"))
            .ShouldBe(("50%", "29%", "60%", "40%", "20 pts"));
        page.QuerySelector("#voice-kinds")!.TextContent.ShouldContain("4.0");
        page.QuerySelector("#gap-table")!.TextContent.ShouldContain("20 points");

        // Anonymous by construction: answers are counts per score, with no column that could hold a person and no row
        // of their own whose id, order or time could be matched to the "who answered" rows (issue 31).
        var columns = await app.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(PulseTally))!.GetProperties().Select(p => p.Name).ToList()));
        columns.ShouldBe(["ProgramId", "QuarterStart", "Side", "Score", "Count"], ignoreOrder: true);
        (await app.WithDbAsync(db => db.PulseTallies.Where(t => t.ProgramId == program.Id && t.Side == PulseSide.Colleague).OrderBy(t => t.Score)
            .Select(t => new { t.Score, t.Count }).ToListAsync())).Select(t => (t.Score, t.Count)).ShouldBe([(1, 1), (2, 2), (4, 1), (5, 1)]);

        // HR's Voice sheet for the third quarter: the same numbers.
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));
        var preview = await hr.GetPageAsync($"/reports?quarter=FY2026-Q3&program={program.Id}");
        (preview.QuerySelector("#voice-confirmed")!.TextContent, preview.QuerySelector("#voice-gap")!.TextContent).ShouldBe(("50%", "20 pts"));
        var sheet = (await hr.Client.GetStringAsync(new Uri($"/reports/download?quarter=FY2026-Q3&program={program.Id}&format=csv&sheet=voice", UriKind.Relative)))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        sheet.ShouldContain("Confirmation rate,All actions,5,10,50,4.3");
        sheet.ShouldContain("Didn't happen,All answers,2,7,29,");
        sheet.ShouldContain("Confirmation rate by action,Coffee,3,5,60,4.0");
        sheet.ShouldContain("Confirmation rate by action,Shout-out,2,5,40,5.0");
        sheet.ShouldContain("Confirmation rate by week,2026-09-14,3,5,60,4.0");
        sheet.ShouldContain("Confirmation rate by department,No department,5,10,50,4.3");
        sheet.ShouldContain("Pulse FY2026 Q3: agree,Mentors,3,5,60,");
        sheet.ShouldContain("Pulse FY2026 Q3: agree,Colleagues,2,5,40,");
        sheet.ShouldContain("\"Perception gap FY2026 Q3\",\"Mentors minus colleagues, in points\",20,,,".Replace("\"Perception gap FY2026 Q3\"", "Perception gap FY2026 Q3"));
    }
}
