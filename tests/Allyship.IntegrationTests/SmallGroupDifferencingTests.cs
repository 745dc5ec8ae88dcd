using System.Net;
using System.Text;
using Allyship.Web.Data;
using Allyship.Web.Features.Rollups;
using Microsoft.EntityFrameworkCore;
using static Allyship.TestSupport.Moments;

namespace Allyship.IntegrationTests;

/// <summary>
/// Tries to recover a department the report hides (fewer than 5 mentors, the default Reporting:MinGroupSize) by
/// subtraction, as someone holding every download of two quarters and of each program would: a report's total minus its
/// named rows; any published row or total minus any other (this quarter against last, one program against all); all
/// programs minus each program; and the Mentors sheet's rows added up by the department it prints. What the rule claims
/// is in docs/privacy.md (<i>Small groups</i>): these are the attacks it claims to defeat, on the numbers it publishes per
/// department (mentors and minutes).
/// </summary>
public sealed class SmallGroupDifferencingTests
{
    private sealed record Published(string Report, string Row, int Mentors, int Minutes);

    /// <summary>
    /// Programs A and B from 6 April 2026 (FY2026 Q2 is April to June, Q3 July to September). Each mentor logs one coffee in
    /// each quarter, with minutes of their own.
    /// Q2: A has Engineering 6, Legal 5, Sales 2; B has Engineering 6, Operations 5 and one Legal mentor.
    /// Q3: three of A's Legal mentors moved to Sales: A has Engineering 6, Sales 5, Legal 2; B as before.
    /// Below the minimum, so hidden: A's Sales in Q2 (2) and Legal in Q3 (2), B's Legal (1), and over both programs Sales
    /// in Q2 (2) and Legal in Q3 (3). Only Engineering is named in every report.
    /// </summary>
    [Fact]
    public async Task No_department_below_the_minimum_can_be_recovered_by_differencing_the_published_numbers()
    {
        await using var app = new AppFixture();
        app.Clock.SetUtcNow(Utc(2026, 4, 6, 8));
        var data = new TestData(app);
        var a = await data.ProgramAsync(start: new DateOnly(2026, 4, 6));
        var b = await data.ProgramAsync(start: new DateOnly(2026, 4, 6));
        var colleague = await data.ColleagueAsync(department: "Research");

        var mentors = new List<(TestUser User, PledgeProgram Program, string Q2, string Q3)>();
        async Task AddAsync(PledgeProgram p, int count, string q2, string q3)
        {
            for (var i = 0; i < count; i++)
            {
                mentors.Add((await data.MentorAsync(p), p, q2, q3));
            }
        }

        await AddAsync(a, 6, "Engineering", "Engineering");
        await AddAsync(a, 2, "Legal", "Legal");
        await AddAsync(a, 3, "Legal", "Sales");
        await AddAsync(a, 2, "Sales", "Sales");
        await AddAsync(b, 6, "Engineering", "Engineering");
        await AddAsync(b, 5, "Operations", "Operations");
        await AddAsync(b, 1, "Legal", "Legal");

        // Minutes of their own per mentor and quarter (odd spacings, so no two sets of mentors add up alike by chance).
        int MinutesOf(int mentor, int quarter) => 11 + (mentor * 7) + (mentor * mentor % 13) + (quarter * 3);
        async Task QuarterAsync(int quarter, DateOnly day, Func<(TestUser User, PledgeProgram Program, string Q2, string Q3), string> department)
        {
            await app.WithDbAsync(async db =>
            {
                foreach (var m in mentors)
                {
                    (await db.Users.SingleAsync(u => u.Id == m.User.Id)).Department = department(m);
                }

                return await db.SaveChangesAsync();
            });
            foreach (var (m, i) in mentors.Select((m, i) => (m, i)))
            {
                await data.ActionAsync(m.User, m.Program, colleague, ActionKind.Coffee, day, minutes: MinutesOf(i, quarter));
            }
        }

        await QuarterAsync(2, new DateOnly(2026, 4, 7), m => m.Q2);
        app.Clock.SetUtcNow(Utc(2026, 7, 6, 12)); // Q2's weeks close with the departments of Q2
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        await QuarterAsync(3, new DateOnly(2026, 7, 7), m => m.Q3);
        app.Clock.SetUtcNow(Utc(2026, 10, 5, 12));
        await app.RunAsync<WeeklyRollupJob, int>(job => job.RunAsync());
        var hr = await Browser.SignedInAsync(app, await data.UserAsync(Roles.HR));

        // The truth the attacker is after: each department's mentors and minutes, per report, from the seed.
        (int Mentors, int Minutes) Truth(int quarter, PledgeProgram? program, string department)
        {
            var members = mentors.Select((m, i) => (m, i))
                .Where(x => (program is null || x.m.Program.Id == program.Id) && (quarter == 2 ? x.m.Q2 : x.m.Q3) == department).ToList();
            return (members.Count, members.Sum(x => MinutesOf(x.i, quarter)));
        }

        var reports = new List<(string Name, int Quarter, PledgeProgram? Program)>
        {
            ("Q2 all", 2, null), ("Q3 all", 3, null), ("Q2 A", 2, a), ("Q3 A", 3, a), ("Q2 B", 2, b), ("Q3 B", 3, b),
        };
        var departmentNames = new[] { "Engineering", "Legal", "Sales", "Operations" };
        var published = new List<Published>();
        var hidden = new List<(string Report, string Department, (int Mentors, int Minutes) Truth)>();
        var labelSums = new List<Published>();
        foreach (var (name, quarter, program) in reports)
        {
            var query = $"quarter=FY2026-Q{quarter}&program={(program is null ? "all" : program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
            var departments = (await CsvAsync(hr, query, "departments")).Skip(1).ToList();
            var summary = (await CsvAsync(hr, query, "summary")).ToDictionary(r => r[0], r => r[1]);
            var rows = departments.Select(r => new Published(name, r[0], int.Parse(r[1]), int.Parse(r[8]))).ToList();
            published.AddRange(rows);
            var total = new Published(name, "total", int.Parse(summary["Mentors enrolled"]), int.Parse(summary["Minutes"]));
            published.Add(total);
            var named = rows.Where(r => departmentNames.Contains(r.Row)).ToList();
            published.Add(new Published(name, "total minus named rows", total.Mentors - named.Sum(r => r.Mentors), total.Minutes - named.Sum(r => r.Minutes)));

            foreach (var department in departmentNames)
            {
                var truth = Truth(quarter, program, department);
                if (truth.Mentors > 0 && !rows.Any(r => r.Row == department))
                {
                    hidden.Add((name, department, truth));
                }

                // Each named row is the department's own numbers, in this report.
                if (rows.SingleOrDefault(r => r.Row == department) is { } row)
                {
                    (row.Mentors, row.Minutes).ShouldBe(truth, $"{name}: {department}");
                }
            }

            // The Mentors sheet names only the departments the Departments sheet names, and its rows add up to that sheet's.
            var mentorRows = (await CsvAsync(hr, query, "mentors")).Skip(1).ToList();
            foreach (var label in mentorRows.GroupBy(r => r[2]))
            {
                var sum = new Published(name, $"Mentors sheet: {label.Key}", label.Count(), label.Sum(r => int.Parse(r[10])));
                labelSums.Add(sum);
                var row = rows.SingleOrDefault(r => r.Row == label.Key);
                row.ShouldNotBeNull($"{name}: the Mentors sheet prints “{label.Key}”, which the Departments sheet does not name");
            }
        }

        var small = hidden.Where(h => h.Truth.Mentors < 5).ToList();
        small.Count.ShouldBe(6);

        // The attacks: every published number, every difference of two of them, and all programs minus both programs.
        var candidates = published.Concat(labelSums).Select(p => (p.Mentors, p.Minutes, How: $"{p.Report}: {p.Row}")).ToList();
        candidates.AddRange(
            from x in published.Concat(labelSums)
            from y in published.Concat(labelSums)
            where x != y
            select (x.Mentors - y.Mentors, x.Minutes - y.Minutes, $"{x.Report}: {x.Row} minus {y.Report}: {y.Row}"));
        foreach (var quarter in new[] { 2, 3 })
        {
            foreach (var all in published.Where(p => p.Report == $"Q{quarter} all"))
            {
                var parts = published.Where(p => p.Row == all.Row && (p.Report == $"Q{quarter} A" || p.Report == $"Q{quarter} B")).ToList();
                if (parts.Count > 0)
                {
                    candidates.Add((all.Mentors - parts.Sum(p => p.Mentors), all.Minutes - parts.Sum(p => p.Minutes), $"Q{quarter} all minus A and B: {all.Row}"));
                }
            }
        }

        foreach (var h in small)
        {
            var found = candidates.Where(c => (c.Mentors, c.Minutes) == h.Truth).Select(c => c.How).ToList();
            found.ShouldBeEmpty($"{h.Report}: {h.Department} ({h.Truth.Mentors} mentors, {h.Truth.Minutes} minutes) recovered");
        }

        // And the seed hid what it meant to: the attacks above were made against these groups.
        hidden.Select(h => $"{h.Report}: {h.Department}").ShouldBe(
            ["Q2 all: Legal", "Q2 all: Sales", "Q2 all: Operations", "Q3 all: Legal", "Q3 all: Sales", "Q3 all: Operations", "Q2 A: Legal", "Q2 A: Sales",
                "Q3 A: Legal", "Q3 A: Sales", "Q2 B: Legal", "Q2 B: Operations", "Q3 B: Legal", "Q3 B: Operations"],
            ignoreOrder: true);
        published.Where(p => departmentNames.Contains(p.Row)).Select(p => p.Row).Distinct().ShouldBe(["Engineering"]);
    }

    private static async Task<List<string[]>> CsvAsync(Browser hr, string query, string sheet)
    {
        var response = await hr.Client.GetAsync(new Uri($"/reports/download?{query}&format=csv&sheet={sheet}", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{query} {sheet}");
        var parsed = Allyship.Web.Infrastructure.Csv.CsvText.Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
        parsed.Error.ShouldBeNull();
        return parsed.Records.Select(r => r.Fields.ToArray()).ToList();
    }
}
