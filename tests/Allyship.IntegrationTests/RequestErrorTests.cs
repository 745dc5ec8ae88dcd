using System.Net;
using System.Text;
using Allyship.Web.Data;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>Requests the app refuses get its error page with a sentence, never an empty answer or a stack trace.</summary>
public sealed class RequestErrorTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TestData _data = new(app.LogTo(output));

    private static async Task ShouldBeTheErrorPageAsync(HttpResponseMessage response, HttpStatusCode status, string sentence)
    {
        response.StatusCode.ShouldBe(status);
        var page = await Browser.ParseAsync(response);
        page.QuerySelector(".error-page h1").ShouldNotBeNull("the app's error page");
        page.QuerySelector(".error-page")!.TextContent.ShouldContain(sentence);
    }

    [Fact]
    public async Task A_crafted_form_without_its_antiforgery_token_gets_the_error_page()
    {
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var response = await admin.PostCraftedAsync("/admin/colleagues/import?handler=Preview", new Dictionary<string, string?> { ["x"] = "y" });
        await ShouldBeTheErrorPageAsync(response, HttpStatusCode.BadRequest, "The form may have expired");
    }

    [Fact]
    public async Task A_nul_character_in_a_search_or_a_form_is_a_400_with_a_sentence()
    {
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        await ShouldBeTheErrorPageAsync(await admin.Client.GetAsync(new Uri("/admin/colleagues?q=a%00b", UriKind.Relative)), HttpStatusCode.BadRequest,
            "invisible control character");

        var program = await _data.ProgramAsync();
        var mentor = await _data.MentorAsync(program);
        var browser = await Browser.SignedInAsync(app, mentor);
        var response = await browser.SubmitAsync("/week", "Log coffee", new()
        {
            ["Input.OccurredOn"] = "2026-11-25", ["Input.NewColleagueName"] = "Nul\0Person", ["Input.NewColleagueEmail"] = "nul@example.com",
        });
        await ShouldBeTheErrorPageAsync(response, HttpStatusCode.BadRequest, "invisible control character");
    }

    [Fact]
    public async Task A_crafted_form_field_over_the_size_limit_is_a_413_with_a_sentence()
    {
        var admin = await Browser.SignedInAsync(app, await _data.UserAsync(Roles.ProgramAdmin));
        var huge = new string('x', 5 * 1024 * 1024); // over the form reader's 4 MB value limit
        using var content = new StringContent($"Input.Name={huge}", Encoding.ASCII, "application/x-www-form-urlencoded");
        var response = await admin.PostCraftedAsync("/admin/programs/new", content);
        await ShouldBeTheErrorPageAsync(response, HttpStatusCode.RequestEntityTooLarge, "over the size limit");
    }

    [Fact]
    public async Task Oversized_headers_are_a_431_with_a_sentence()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Padding", new string('p', 40 * 1024));
        var response = await app.NewClient().SendAsync(request);
        await ShouldBeTheErrorPageAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "Clear this site's cookies");
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("1999-01-04")]
    public async Task A_week_outside_the_program_shows_the_open_week(string week)
    {
        app.Clock.SetUtcNow(AppFixture.DefaultNow);
        var program = await _data.ProgramAsync();
        var browser = await Browser.SignedInAsync(app, await _data.MentorAsync(program));
        var page = await browser.GetPageAsync($"/week?program={program.Id}&week={week}");
        page.QuerySelector("#minutes-done").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_written_stops_start_up_with_one_sentence()
    {
        var file = Path.Combine(Path.GetTempPath(), $"allyship-not-a-folder-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "a file where the data folder should be");
        var (exit, text) = await SignInTests.RunAppCommandAsync(Path.Combine(file, "data"), "backup");
        File.Delete(file);

        exit.ShouldBe(1, text);
        text.ShouldContain($"The data folder {Path.Combine(file, "data")} can't be written");
        text.ShouldContain("Storage:DataDirectory");
        text.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
    }
}

/// <summary>Readiness proves a write works, and the app notices a database file deleted or replaced under it.</summary>
public sealed class DatabaseFailureTests(FaultyApp app, ITestOutputHelper output) : IClassFixture<FaultyApp>, IDisposable
{
    private readonly TestData _data = new(app.LogTo(output));

    public void Dispose() => app.Faults.Reset();

    private static async Task<(HttpStatusCode Status, string Body)> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("description").GetString()!);
    }

    [Fact]
    public async Task Readiness_fails_when_the_database_takes_no_writes()
    {
        var client = app.NewClient();
        (await ReadyAsync(client)).Body.ShouldContain("writes work");

        app.Faults.FailNext("UPDATE \"Heartbeats\"");
        var (status, body) = await ReadyAsync(client);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body.ShouldContain("The database can't be written");
    }

    [Fact]
    [Trait("Category", "SqliteOnly")]
    public async Task A_deleted_database_file_refuses_writes_with_a_503_page_and_fails_readiness()
    {
        await using var own = new BackupTestsApp();
        var data = new TestData(own);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        var colleague = await data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(own, mentor);
        var week = await browser.GetPageAsync("/week"); // open before the database goes

        File.Delete(own.DatabasePath);
        own.Clock.Advance(TimeSpan.FromSeconds(3)); // past the check's two-second cache, on the app's clock

        var response = await browser.SubmitAsync(week, "/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague.Id.ToString(), ["Input.OccurredOn"] = "2026-11-25" });
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await Browser.ParseAsync(response)).QuerySelector(".error-page")!.TextContent.ShouldContain("nothing was saved");

        var (status, body) = await ReadyAsync(own.NewClient());
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body.ShouldContain("is gone");
    }

    [Fact]
    [Trait("Category", "SqliteOnly")]
    public async Task Writes_fired_the_moment_the_database_file_is_deleted_are_all_refused()
    {
        await using var own = new BackupTestsApp();
        var data = new TestData(own);
        var program = await data.ProgramAsync();
        var mentor = await data.MentorAsync(program);
        var colleague = await data.ColleagueAsync();
        var browser = await Browser.SignedInAsync(own, mentor);
        Dictionary<string, string?> Coffee(int day) => new() { ["Input.ColleagueId"] = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.OccurredOn"] = $"2026-11-{day}" };
        var weeks = new List<AngleSharp.Html.Dom.IHtmlDocument>();
        for (var i = 0; i < 8; i++)
        {
            weeks.Add(await browser.GetPageAsync("/week"));
        }

        (await browser.SubmitAsync(weeks[0], "/week", "Log coffee", Coffee(23))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a write before the delete is saved");

        // The app's clock stands still: a check cached for two seconds would still say the file is there.
        File.Delete(own.DatabasePath);
        var responses = await Task.WhenAll(weeks.Skip(1).Select((week, i) => browser.SubmitAsync(week, "/week", "Log coffee", Coffee(24 + (i % 2)))));

        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, "no write after the delete is acknowledged");
            (await Browser.ParseAsync(response)).QuerySelector(".error-page")!.TextContent.ShouldContain("nothing was saved");
        }

        (await ReadyAsync(own.NewClient())).Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    [Trait("Category", "SqliteOnly")]
    public void Asking_whether_the_file_moved_costs_about_a_stat()
    {
        // A rough figure for docs/performance.md (the guard asks once in each commit and once after): printed, not asserted.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Path.GetTempPath(), $"allyship-stat-{Guid.NewGuid():N}.db")};Pooling=false");
        connection.Open();
        var moved = Allyship.Web.Infrastructure.SqliteFileIdentity.HasMoved(connection.Handle!);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++)
        {
            moved |= Allyship.Web.Infrastructure.SqliteFileIdentity.HasMoved(connection.Handle!);
        }

        output.WriteLine($"HasMoved: {clock.Elapsed.TotalMilliseconds * 1000 / 100_000:F2} µs a call");
        moved.ShouldBeFalse();
        File.Delete(connection.DataSource);
        Allyship.Web.Infrastructure.SqliteFileIdentity.HasMoved(connection.Handle!).ShouldBeTrue("the file is gone");
    }

    [Fact]
    [Trait("Category", "SqliteOnly")]
    public async Task A_database_deleted_while_stopped_is_refused_at_start_unless_started_with_new_database()
    {
        var folder = AppFixtureBase.NewDataDirectory();
        var database = Path.Combine(folder, "allyship.db");
        try
        {
            var (exit, text) = await SignInTests.RunAppCommandAsync(folder, "backup"); // a first start: nothing here yet
            exit.ShouldBe(0, text);
            foreach (var file in new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }

            // Serving (no command) and a command alike.
            var serve = new Dictionary<string, string> { ["Storage__DataDirectory"] = folder, ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Allyship.TestSupport.Ports.Free()}" };
            foreach (var (code, said) in new[] { await SignInTests.RunAppCommandAsync(serve), await SignInTests.RunAppCommandAsync(folder, "backup") })
            {
                code.ShouldBe(1, said);
                said.ShouldContain($"The database {database} is missing, but this data folder had one");
                said.ShouldContain($"restore {Path.Combine(folder, "backups")}");
                said.ShouldContain("--new-database");
                said.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
            }

            File.Exists(database).ShouldBeFalse("nothing was created");

            (exit, text) = await SignInTests.RunAppCommandAsync(folder, "--new-database", "backup");
            exit.ShouldBe(0, text);
            new FileInfo(database).Length.ShouldBeGreaterThan(0, "a new database");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class BackupTestsApp : AppFixtureBase;
}
