using System.Diagnostics;
using Allyship.Web.Data;
using Allyship.Web.Features.Admin.Programs;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Voice;
using Microsoft.EntityFrameworkCore;
using static Bench;

/// <summary>
/// The colleague's voice on a seed-demo database: the weekly confirmation batch for last week (every colleague named,
/// one email each), then the dashboard with its voice section over 12 weeks of answered confirmations.
/// </summary>
internal static class VoiceBenchmark
{
    public static async Task<int> RunAsync(WebApplication app, PledgeProgram program, PledgeWeek week, TimeZoneInfo zone, int runs, BenchClock clock)
    {
        var asked = week.Previous;
        await ExecAsync(app, $"UPDATE \"Programs\" SET \"AskColleaguesToConfirm\" = 1 WHERE \"Id\" = {program.Id}");
        clock.Now = new DateTimeOffset(week.StartUtc(zone), TimeSpan.Zero).AddHours(6);

        async Task ResetAsync() => await ExecAsync(app,
            $"DELETE FROM \"Confirmations\" WHERE \"ActionId\" IN (SELECT \"Id\" FROM \"Actions\" WHERE \"WeekStart\" = '{asked.Monday:yyyy-MM-dd}')",
            $"DELETE FROM \"ConfirmationRounds\" WHERE \"WeekStart\" = '{asked.Monday:yyyy-MM-dd}'",
            "DELETE FROM \"Emails\"");

        var times = new List<double>();
        ConfirmationJob.Result? result = null;
        for (var i = 0; i < runs; i++)
        {
            await ResetAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var sw = Stopwatch.StartNew();
            result = await scope.ServiceProvider.GetRequiredService<ConfirmationJob>().RunAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        Report("weekly confirmation batch", times, $"{result!.Colleagues:N0} colleagues emailed about {result.Actions:N0} actions");

        // Twelve weeks of confirmations, answered in a fixed pattern (7 in 10 confirmed, 1 didn't happen, 2 unanswered).
        var first = new PledgeWeek(week.Monday.AddDays(-7 * 11));
        await ExecAsync(app,
            "DELETE FROM \"Confirmations\"",
            $"""
            INSERT INTO "Confirmations" ("ActionId", "ColleagueId", "AskedUtc", "Answer", "Usefulness", "CommentShared")
            SELECT "Id", "ColleagueId", '2026-01-01 00:00:00',
                   CASE WHEN "Id" % 10 < 7 THEN 1 WHEN "Id" % 10 = 7 THEN 2 ELSE NULL END,
                   CASE WHEN "Id" % 10 < 7 THEN 1 + "Id" % 5 ELSE NULL END, 0
            FROM "Actions" WHERE "ProgramId" = {program.Id} AND "WeekStart" >= '{first.Monday:yyyy-MM-dd}'
            """,
            "ANALYZE");
        clock.Now = DateTimeOffset.UtcNow;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sw = Stopwatch.StartNew();
            var closed = await scope.ServiceProvider.GetRequiredService<Allyship.Web.Features.Rollups.WeeklyRollupJob>().RunAsync();
            Console.WriteLine($"rolled up {closed} closed weeks in {sw.Elapsed.TotalSeconds:F1} s (the dashboard reads closed weeks from rollups)");
        }

        foreach (var (label, withVoice) in new[] { ("dashboard queries, 12 weeks, without voice", false), ("dashboard queries, 12 weeks, with voice", true) })
        {
            var dashboardTimes = new List<double>();
            var voiceTimes = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var sw = Stopwatch.StartNew();
                var (model, _) = await scope.ServiceProvider.GetRequiredService<Dashboard.Handler>().LoadAsync(program.Id, "12", null, null, CancellationToken.None);
                if (withVoice)
                {
                    var voiceStart = sw.Elapsed.TotalMilliseconds;
                    var quarter = FiscalQuarter.Containing(DateOnly.FromDateTime(DateTime.UtcNow), 1).Previous(1);
                    var voice = await scope.ServiceProvider.GetRequiredService<VoiceNumbers.Handler>()
                        .LoadAsync([program.Id], model!.Period.First.Monday, model.Period.Last.Monday, quarter, 1, 5, CancellationToken.None);
                    voiceTimes.Add(sw.Elapsed.TotalMilliseconds - voiceStart);
                    _ = voice.Total.Asked;
                }

                dashboardTimes.Add(sw.Elapsed.TotalMilliseconds);
            }

            Report(label, dashboardTimes, "");
            if (withVoice)
            {
                var spreadTimes = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var sw = Stopwatch.StartNew();
                    var spread = await scope.ServiceProvider.GetRequiredService<SpreadNumbers.Handler>()
                        .LoadAsync([program.Id], ["Associate", "Analyst", "Engineer II"], week.Monday.AddDays(-77), week.Monday, week.Monday, 5, CancellationToken.None);
                    spreadTimes.Add(sw.Elapsed.TotalMilliseconds);
                    _ = spread.Reached;
                }

                Report("spread section alone (12 weeks, overlooked)", spreadTimes, "");
            }

            if (withVoice)
            {
                Report("  of which the voice section", voiceTimes, "");
            }
        }

        return 0;
    }

    private static async Task ExecAsync(WebApplication app, params string[] statements)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        foreach (var sql in statements)
        {
            await db.Database.ExecuteSqlRawAsync(sql);
        }
    }
}
