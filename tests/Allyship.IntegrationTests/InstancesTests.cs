using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Allyship.IntegrationTests;

/// <summary>Several app instances on one database behave as one app: the Data Protection key ring lives in the database.</summary>
[Collection(JobServerGroup.Name)]
public sealed partial class InstancesTests
{
    /// <summary>An instance with its own data folder, SMTP server and clock (as on its own machine) on a shared database.</summary>
    internal sealed class Instance(string database, params (string Key, string Value)[] settings) : AppFixtureBase
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Allyship", database);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    /// <summary>One database for several instances: a SQLite file in a shared folder, or a PostgreSQL database.</summary>
    internal sealed class SharedDatabase : IAsyncDisposable
    {
        private readonly string _folder = AppFixtureBase.NewDataDirectory();

        public SharedDatabase()
        {
            Directory.CreateDirectory(_folder);
            ConnectionString = TestDatabase.IsPostgres ? TestDatabase.NewPostgresDatabase() : $"Data Source={Path.Combine(_folder, "allyship.db")}";
        }

        public string ConnectionString { get; }

        public async ValueTask DisposeAsync()
        {
            if (TestDatabase.IsPostgres)
            {
                await TestDatabase.DropPostgresDatabaseAsync(ConnectionString);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_reminder_job_run_on_two_instances_at_once_sends_each_reminder_once()
    {
        await using var shared = new SharedDatabase();
        await using var one = new Instance(shared.ConnectionString);
        await using var two = new Instance(shared.ConnectionString);
        _ = one.Services; // the first start applies the migrations
        var program = await new TestData(one).ProgramAsync();
        var mentors = new List<TestUser>();
        for (var i = 0; i < 5; i++)
        {
            mentors.Add(await new TestData(one).MentorAsync(program));
        }

        // Wednesday 12:00 in London: every mentor's nudge is due. Both instances run the job, then the outbox, together,
        // without the job leases (as when one run's lease lapsed while it still worked): the tables keep it to one.
        await Task.WhenAll(
            one.RunAsync<Allyship.Web.Features.Reminders.ReminderJob, int>(job => job.QueueDueAsync()),
            two.RunAsync<Allyship.Web.Features.Reminders.ReminderJob, int>(job => job.QueueDueAsync()));
        await Task.WhenAll(
            one.RunAsync<Allyship.Web.Infrastructure.Email.OutboxDispatcher, Allyship.Web.Infrastructure.Email.DispatchReport>(job => job.DispatchAsync()),
            two.RunAsync<Allyship.Web.Infrastructure.Email.OutboxDispatcher, Allyship.Web.Infrastructure.Email.DispatchReport>(job => job.DispatchAsync()));

        foreach (var mentor in mentors)
        {
            (one.Smtp.To(mentor.Email).Count + two.Smtp.To(mentor.Email).Count).ShouldBe(1, $"{mentor.Email} should get exactly one nudge");
        }
    }

    [GeneratedRegex("allyship\\.(auth|af)=([^;]+)")]
    private static partial Regex CookiePattern();

    private static string Cookies(HttpResponseMessage response) => string.Join("; ", response.Headers.GetValues("Set-Cookie")
        .Select(c => CookiePattern().Match(c)).Where(m => m.Success).Select(m => $"allyship.{m.Groups[1].Value}={m.Groups[2].Value}"));

    private static async Task<HttpStatusCode> GetWithCookiesAsync(AppFixtureBase app, string url, string cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("Cookie", cookies);
        return (await app.NewClient().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task The_weekly_rollup_run_on_two_instances_at_once_writes_and_mails_each_week_once()
    {
        await using var shared = new SharedDatabase();
        await using var one = new Instance(shared.ConnectionString);
        await using var two = new Instance(shared.ConnectionString);
        _ = one.Services;
        var data = new TestData(one);
        var program = await data.ProgramAsync(start: new DateOnly(2026, 11, 2));
        var colleague = await data.ColleagueAsync();
        var mentors = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            var mentor = await data.MentorAsync(program);
            mentors.Add(mentor);
            await data.ActionAsync(mentor, program, colleague, ActionKind.Coffee, new DateOnly(2026, 11, 17));
        }

        // Wednesday 25 November: the weeks of 2, 9 and 16 November have closed; both instances roll up at the same moment
        // (without the job leases, as when one run's lease lapsed while it still worked).
        await Task.WhenAll(
            one.RunAsync<Allyship.Web.Features.Rollups.WeeklyRollupJob, int>(job => job.CloseEndedWeeksAsync()),
            two.RunAsync<Allyship.Web.Features.Rollups.WeeklyRollupJob, int>(job => job.CloseEndedWeeksAsync()));
        await Task.WhenAll(
            one.RunAsync<Allyship.Web.Infrastructure.Email.OutboxDispatcher, Allyship.Web.Infrastructure.Email.DispatchReport>(job => job.DispatchAsync()),
            two.RunAsync<Allyship.Web.Infrastructure.Email.OutboxDispatcher, Allyship.Web.Infrastructure.Email.DispatchReport>(job => job.DispatchAsync()));

        (await one.WithDbAsync(db => db.WeeklyRollups.CountAsync(r => r.ProgramId == program.Id))).ShouldBe(3 * mentors.Count);
        (await one.WithDbAsync(db => db.ClosedWeeks.CountAsync(c => c.ProgramId == program.Id))).ShouldBe(3);
        foreach (var mentor in mentors)
        {
            (one.Smtp.To(mentor.Email).Count + two.Smtp.To(mentor.Email).Count).ShouldBe(1, $"{mentor.Email} should get one summary, for the week just ended");
        }
    }

    [Fact]
    public async Task A_sign_in_and_a_form_token_from_one_instance_work_on_another_and_after_both_restart()
    {
        await using var shared = new SharedDatabase();
        var database = shared.ConnectionString;
        string signedIn;
        await using (var one = new Instance(database))
        await using (var two = new Instance(database))
        {
            var program = await new TestData(one).ProgramAsync();
            var mentor = await new TestData(one).MentorAsync(program);

            // One person's browser (one cookie jar) whose requests land on either instance.
            var jar = new CookieContainer();
            var onOne = new Browser(one.CreateDefaultClient(new CookieContainerHandler(jar)));
            var onTwo = new Browser(two.CreateDefaultClient(new CookieContainerHandler(jar)));
            signedIn = Cookies(await onOne.SignInAsync(mentor.Email, mentor.Password));
            signedIn.ShouldContain("allyship.auth=");

            (await onTwo.StatusOfAsync("/week")).ShouldBe(HttpStatusCode.OK, "instance two should accept instance one's sign-in");

            // A form served by one, posted to two.
            var preferences = await onOne.GetPageAsync("/preferences");
            (await onTwo.SubmitAsync(preferences, "/preferences", "Pause reminders", new() { ["PauseUntil"] = "2026-12-06" }))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect, "instance two should accept instance one's form token");
        }

        await using var restarted = new Instance(database);
        (await GetWithCookiesAsync(restarted, "/week", signedIn)).ShouldBe(HttpStatusCode.OK, "the sign-in should survive a restart of every instance");
    }

    /// <summary>What a mentor's week and her program's dashboard show on one instance, polled until it changes or two seconds pass.</summary>
    private static async Task<string> ChangedWithinAsync(Func<Task<string>> read, string before, TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew(); // real time: how soon another instance hears of a commit
        var now = await read();
        while (now == before && watch.Elapsed < within)
        {
            await Task.Delay(50);
            now = await read();
        }

        return now;
    }

    /// <summary>A coffee logged through the week page's form on <paramref name="one"/>; what <paramref name="two"/> shows, before and after.</summary>
    private static async Task<(string WeekBefore, string WeekAfter, string ActiveBefore, string ActiveAfter)> CoffeeSeenAcrossAsync(
        Instance one, Instance two, TimeSpan within)
    {
        var data = new TestData(one);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        var colleague = await data.ColleagueAsync();
        var mentorOnOne = await Browser.SignedInAsync(one, mentor);
        var mentorOnTwo = await Browser.SignedInAsync(two, mentor);
        var adminOnTwo = await Browser.SignedInAsync(two, await new TestData(two).UserAsync(Roles.ProgramAdmin));
        async Task<string> WeekOnTwo() => (await mentorOnTwo.GetPageAsync("/week")).QuerySelector("#minutes-done")!.TextContent.Trim();
        async Task<string> ActiveOnTwo() => (await adminOnTwo.GetPageAsync($"/admin/programs/{program.Id}")).QuerySelector("#stat-active")!.TextContent.Trim();

        // Instance two has read (and kept) both pages before the coffee.
        var weekBefore = await WeekOnTwo();
        var activeBefore = await ActiveOnTwo();
        (await WeekOnTwo()).ShouldBe(weekBefore);

        (await mentorOnOne.SubmitAsync("/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (weekBefore, await ChangedWithinAsync(WeekOnTwo, weekBefore, within), activeBefore, await ChangedWithinAsync(ActiveOnTwo, activeBefore, within));
    }

    [PostgresFact]
    [Trait("Category", "PostgresOnly")]
    public async Task A_coffee_logged_on_one_instance_is_on_the_others_week_page_and_dashboard_within_two_seconds()
    {
        await using var shared = new SharedDatabase();
        await using var one = new Instance(shared.ConnectionString);
        await using var two = new Instance(shared.ConnectionString);
        _ = one.Services;
        _ = two.Services;

        var seen = await CoffeeSeenAcrossAsync(one, two, TimeSpan.FromSeconds(2));
        seen.WeekAfter.ShouldNotBe(seen.WeekBefore, "the other instance's week page should show the coffee within 2 seconds");
        seen.ActiveAfter.ShouldBe("1");
        seen.ActiveBefore.ShouldBe("0");
    }

    [PostgresFact]
    [Trait("Category", "PostgresOnly")]
    public async Task An_instance_that_cannot_hear_the_others_keeps_nothing_longer_than_the_unconfirmed_lifetime_and_says_so()
    {
        await using var shared = new SharedDatabase();
        await using var one = new Instance(shared.ConnectionString);
        // Not listening (as behind a pooler that cannot LISTEN): nothing it keeps may be older than 2 seconds.
        await using var two = new Instance(shared.ConnectionString, ("Cache:Listen", "false"), ("Cache:UnconfirmedLifetimeSeconds", "2"));
        _ = one.Services;

        var ready = await two.NewClient().GetStringAsync(new Uri("/health/ready", UriKind.Relative));
        ready.ShouldContain("\"cache\":{\"status\":\"Degraded\"");
        ready.ShouldContain("2 seconds");
        ready.ShouldStartWith("{\"status\":\"Degraded\"", customMessage: "not hearing the others lowers readiness to Degraded, never Unhealthy");

        // Within the unconfirmed lifetime (and the polling's margin), never the 30 seconds a kept week page lives.
        var seen = await CoffeeSeenAcrossAsync(one, two, TimeSpan.FromSeconds(6));
        seen.WeekAfter.ShouldNotBe(seen.WeekBefore);
        seen.ActiveAfter.ShouldBe("1");
    }
}
