using System.Diagnostics;
using Allyship.Web.Data;
using Allyship.Web.Features;
using Allyship.Web.Features.Insights;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bench;

// Usage: dotnet run -c Release --project tests/Allyship.Benchmarks -- <data-directory seeded by seed-demo> [runs] [jobs|dashboard]
//    or: dotnet run -c Release --project tests/Allyship.Benchmarks -- outbox [count] [instances] [PostgreSQL connection string]
// jobs: the reminder scan and the weekly rollup on the seeded program, and the same rollup aggregation as plain SQL.
// dashboard: rolls up every closed week, then times the participation dashboard's queries and prints their plans.
// voice: the weekly confirmation batch for last week, then the dashboard's voice section over 12 weeks of confirmations.
// picker: fills the directory up to 20,000 people, then times the log forms' type-ahead search and picker.
// outbox: see OutboxBenchmark (needs no seeded database).
//    or: dotnet run -c Release --project tests/Allyship.Benchmarks -- sinks [rows] [runs]   (SinkBenchmark: the export's writers alone)
if (args.FirstOrDefault() == "outbox")
{
    return await OutboxBenchmark.RunAsync(args[1..]);
}

if (args.FirstOrDefault() == "sinks")
{
    return await SinkBenchmark.RunAsync(args[1..]);
}

if (args.Length < 1 || !File.Exists(Path.Combine(args[0], "allyship.db")))
{
    Console.Error.WriteLine("Usage: Allyship.Benchmarks <data-directory with allyship.db from seed-demo> [runs] [jobs|dashboard]");
    return 2;
}

var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
var mode = args.Length > 2 ? args[2] : "jobs";
var builder = WebApplication.CreateBuilder();
builder.Configuration["Storage:DataDirectory"] = args[0];
builder.Configuration["Jobs:ServerEnabled"] = "false";
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddData();
builder.AddAllyshipIdentity();
builder.AddEmail();
builder.AddJobs();
builder.AddFeatures();
var clock = new BenchClock();
builder.Services.AddSingleton<TimeProvider>(clock);
await using var app = builder.Build();
await app.Services.MigrateDatabaseAsync();

PledgeProgram program;
int mentors;
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
    program = await db.Programs.AsNoTracking().OrderByDescending(p => p.Id).FirstAsync();
    mentors = await db.Enrolments.CountAsync(e => e.ProgramId == program.Id);
}

var zone = TimeZones.Find(program.TimeZoneId);
var week = PledgeWeek.Containing(PledgeWeek.LocalDate(DateTimeOffset.UtcNow, zone));
Console.WriteLine($"Program {program.Id} \"{program.Name}\": {mentors:N0} mentors; week of {week.Monday:yyyy-MM-dd}; {runs} runs each (median).");

if (mode == "voice")
{
    return await VoiceBenchmark.RunAsync(app, program, week, zone, runs, clock);
}

if (mode == "picker")
{
    return await PickerBenchmark.RunAsync(app, program, runs);
}

if (mode == "dashboard")
{
    clock.Now = DateTimeOffset.UtcNow;
    await using (var scope = app.Services.CreateAsyncScope())
    {
        var sw = Stopwatch.StartNew();
        var closedNow = await scope.ServiceProvider.GetRequiredService<WeeklyRollupJob>().RunAsync();
        Console.WriteLine($"rolled up {closedNow} closed weeks in {sw.Elapsed.TotalSeconds:F1} s");
    }

    foreach (var period in new[] { "12", "4", "52" })
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<Allyship.Web.Features.Admin.Programs.Dashboard.Handler>();
            var sw = Stopwatch.StartNew();
            var (model, _) = await handler.LoadAsync(program.Id, period, null, null, CancellationToken.None);
            times.Add(sw.Elapsed.TotalMilliseconds);
            _ = model!.Weeks.Count;
        }

        times.Sort();
        Console.WriteLine($"dashboard queries, period {period,-3} p50 {times[times.Count / 2],6:F0} ms   p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1],6:F0} ms   max {times[^1],6:F0} ms");
    }

    await using (var scope = app.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        var live = db.Actions.AsNoTracking()
            .Where(a => a.ProgramId == program.Id && a.WeekStart >= week.Monday && a.WeekStart <= week.Monday)
            .GroupBy(a => new { a.WeekStart, a.MentorId })
            .Select(g => new { g.Key.WeekStart, g.Key.MentorId, Coffees = g.Count(a => a.Kind == ActionKind.Coffee), Minutes = g.Sum(a => a.Minutes) });
        var rolled = db.WeeklyRollups.AsNoTracking()
            .Where(r => r.ProgramId == program.Id && r.WeekStart == week.Previous.Monday)
            .GroupBy(r => r.Department).Select(g => new { g.Key, Counted = g.AsQueryable().Count(WeeklyRollup.Counted), Complete = g.AsQueryable().Count(WeeklyRollup.Completed), Minutes = g.Sum(r => r.Minutes) });
        foreach (var (name, sql) in new[] { ("live part (open week)", live.ToQueryString()), ("a closed week (rollups, read once then cached)", rolled.ToQueryString()) })
        {
            Console.WriteLine($"\nquery plan, {name}:");
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var lines = sql.Split('\n');
            foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
            {
                var parts = line[".param set ".Length..].Split(' ', 2);
                var p = command.CreateParameter();
                p.ParameterName = parts[0];
                p.Value = parts[1].Trim().Trim('\'');
                command.Parameters.Add(p);
            }

            command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
            await db.Database.OpenConnectionAsync();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine($"  {reader.GetString(3)}");
            }
        }
    }

    return 0;
}

// Reminder scan: Wednesday 10:00 of the current week, the outbox emptied of reminders before each run.
clock.Now = new DateTimeOffset(ReminderTimes.DueUtc(week, DayOfWeek.Wednesday, new TimeOnly(10, 0), zone), TimeSpan.Zero).AddMinutes(1);
var reminderTimes = new List<double>();
var queued = 0;
for (var i = 0; i < runs; i++)
{
    await ResetAsync("DELETE FROM \"Emails\"");
    var sw = Stopwatch.StartNew();
    await using var scope = app.Services.CreateAsyncScope();
    queued = await scope.ServiceProvider.GetRequiredService<ReminderJob>().RunAsync();
    reminderTimes.Add(sw.Elapsed.TotalMilliseconds);
}

Report("reminder scan (queues the nudges)", reminderTimes, $"{queued:N0} reminders queued");

// Weekly rollup of last week: rows only, rows with all the mail, and the aggregation as one plain SQL statement.
var closing = week.Previous;
clock.Now = new DateTimeOffset(week.StartUtc(zone), TimeSpan.Zero).AddMinutes(5);
async Task ResetRollupAsync() => await ResetAsync(
    $"DELETE FROM \"WeeklyRollups\" WHERE \"ProgramId\" = {program.Id} AND \"WeekStart\" = '{closing.Monday:yyyy-MM-dd}'",
    $"DELETE FROM \"ClosedWeeks\" WHERE \"ProgramId\" = {program.Id} AND \"WeekStart\" = '{closing.Monday:yyyy-MM-dd}'",
    "DELETE FROM \"Emails\"");

foreach (var withMail in new[] { false, true })
{
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        await ResetRollupAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var sw = Stopwatch.StartNew();
        await scope.ServiceProvider.GetRequiredService<WeeklyRollupJob>().CloseWeekAsync(program, closing, withMail, CancellationToken.None);
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    Report(withMail ? "weekly rollup with summaries and digest" : "weekly rollup, rows only", times, "");
}

// Where the rollup's time goes: the set-based reads alone.
var readTimes = new List<double>();
for (var i = 0; i < runs; i++)
{
    await using var scope = app.Services.CreateAsyncScope();
    var totals = scope.ServiceProvider.GetRequiredService<WeekTotals>();
    var sw = Stopwatch.StartNew();
    var loaded = await totals.LoadAsync(program, closing, null, CancellationToken.None);
    readTimes.Add(sw.Elapsed.TotalMilliseconds);
}

Report("  of which the reads (totals, streaks, pauses)", readTimes, "");

var sqlTimes = new List<double>();
for (var i = 0; i < runs; i++)
{
    await ResetRollupAsync();
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
    var sw = Stopwatch.StartNew();
    await db.Database.ExecuteSqlRawAsync($"""
        INSERT INTO "WeeklyRollups" ("ProgramId", "MentorId", "WeekStart", "Coffees", "ShoutOuts", "SponsorNotes", "Minutes", "Colleagues", "CoffeeDone", "ShoutOutDone", "SponsorNoteDone", "Paused", "Streak", "IdleWeeks", "ComputedUtc")
        SELECT e."ProgramId", e."MentorId", '{closing.Monday:yyyy-MM-dd}',
               count(CASE WHEN a."Kind" = 1 THEN 1 END), count(CASE WHEN a."Kind" = 2 THEN 1 END), count(CASE WHEN a."Kind" = 3 THEN 1 END),
               coalesce(sum(a."Minutes"), 0), count(DISTINCT a."ColleagueId"),
               count(CASE WHEN a."Kind" = 1 THEN 1 END) >= 1, count(CASE WHEN a."Kind" = 2 THEN 1 END) >= 1, count(CASE WHEN a."Kind" = 3 THEN 1 END) >= 1,
               0, coalesce(p."Streak", 0) + 1, 0, '2026-01-01 00:00:00'
        FROM "Enrolments" e
        LEFT JOIN "Actions" a ON a."ProgramId" = e."ProgramId" AND a."MentorId" = e."MentorId" AND a."WeekStart" = '{closing.Monday:yyyy-MM-dd}'
        LEFT JOIN "WeeklyRollups" p ON p."ProgramId" = e."ProgramId" AND p."MentorId" = e."MentorId" AND p."WeekStart" = '{closing.Previous.Monday:yyyy-MM-dd}'
        WHERE e."ProgramId" = {program.Id} AND e."Status" <> 3
        GROUP BY e."ProgramId", e."MentorId"
        """);
    sqlTimes.Add(sw.Elapsed.TotalMilliseconds);
}

Report("same aggregation as plain SQL (INSERT ... SELECT)", sqlTimes, "");
await ResetRollupAsync();
return 0;

async Task ResetAsync(params string[] statements)
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
    foreach (var sql in statements)
    {
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}

/// <summary>One line per measurement: median, min and max of the runs.</summary>
internal static class Bench
{
    public static void Report(string what, List<double> times, string note)
    {
        times.Sort();
        Console.WriteLine($"{what,-48} median {times[times.Count / 2],8:F0} ms   min {times[0],6:F0} ms   max {times[^1],6:F0} ms   {note}");
    }
}

internal sealed class BenchClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}
