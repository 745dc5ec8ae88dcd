using System.Diagnostics;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;
using static Bench;

/// <summary>
/// Finding a colleague in a 20,000-row directory (issue 35, item 2): the directory of a seed-demo database is filled up to
/// 20,000 people, then the log forms' type-ahead search (<see cref="MentorPrograms.SearchAsync"/>, what
/// <c>/log/coffee?handler=find</c> runs) and the week page's picker (<see cref="MentorPrograms.PickerAsync"/>) are timed.
/// </summary>
internal static class PickerBenchmark
{
    public const int DirectorySize = 20_000;

    public static async Task<int> RunAsync(WebApplication app, PledgeProgram program, int runs)
    {
        string mentorId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
            var missing = DirectorySize - await db.Colleagues.CountAsync();
            var sw = Stopwatch.StartNew();
            for (var start = 0; start < missing; start += 1000)
            {
                db.Colleagues.AddRange(Enumerable.Range(start, Math.Min(1000, missing - start)).Select(i => new Colleague
                {
                    Name = $"Bench Person {i:D5}", Email = $"bench.person{i:D5}@example.com", Department = $"Dept {i % 40}", Level = "Associate",
                }));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            Console.WriteLine($"directory: {await db.Colleagues.CountAsync():N0} colleagues ({Math.Max(0, missing):N0} added in {sw.Elapsed.TotalSeconds:F1} s)");
            mentorId = await db.Enrolments.Where(e => e.ProgramId == program.Id).Select(e => e.MentorId).FirstAsync();
        }

        foreach (var (text, what) in new[]
        {
            ("Bench Person 12345", "a full name (one match)"), ("person 1", "a name's start (many matches)"),
            ("bench.person0999", "an email"), ("Dept 17", "a department"), ("zz-nobody", "nobody matches"),
        })
        {
            var times = new List<double>();
            var found = 0;
            for (var i = 0; i < runs; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var sw = Stopwatch.StartNew();
                found = (await scope.ServiceProvider.GetRequiredService<MentorPrograms>().SearchAsync(text, CancellationToken.None)).Count;
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            Report($"type-ahead \"{text}\"", times, $"{what}: {found} shown");
        }

        var pickerTimes = new List<double>();
        var offered = 0;
        for (var i = 0; i < runs; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sw = Stopwatch.StartNew();
            var picker = await scope.ServiceProvider.GetRequiredService<MentorPrograms>().PickerAsync(mentorId, program.Id, null, null, CancellationToken.None);
            pickerTimes.Add(sw.Elapsed.TotalMilliseconds);
            offered = picker.Count;
        }

        Report("the week page's picker (chips and list)", pickerTimes, $"{offered} people in the page, not {DirectorySize:N0}");
        return 0;
    }
}
