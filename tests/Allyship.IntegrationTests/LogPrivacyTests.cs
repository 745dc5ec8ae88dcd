using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.Concerns;
using Allyship.Web.Features.Demo;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Reminders;
using Allyship.Web.Features.Rollups;
using Allyship.Web.Features.Sponsorship;
using Allyship.Web.Features.Voice;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Backups;
using Allyship.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// The log is read by operators and kept by collectors people never see: no line at Information or above may carry an
/// email address, a person's name or a note's text (issue 37). The demo is seeded, every recurring job runs and people
/// go through the pages' own forms; then every captured line — message, exception and scopes — is searched for them.
/// </summary>
public sealed partial class LogPrivacyTests(ITestOutputHelper output)
{
    private const string TypedTopics = "Her plan for the Lisbon office move and the staff engineer track";
    private const string TypedNote = "She is thinking of leaving if the promotion panel passes her over again";
    private const string TypedComment = "The coffee was lovely and he followed up with an introduction the same day";
    private const string TypedConcern = "Meetings keep getting booked over my school pickup time and I feel awkward saying so";
    private const string UnknownAddress = "nobody-here@example.net";

    [Fact]
    public async Task No_log_line_at_information_or_above_names_a_person_or_holds_an_email_address_or_a_note()
    {
        await using var app = new LogCapturingApp();
        app.LogTo(output);
        (await app.RunAsync<DemoSeeder, bool>(s => s.SeedDevelopmentDemoAsync())).ShouldBeTrue();
        await RunEveryRecurringJobAsync(app);

        var herLink = await JourneysAsync(app);
        herLink.Length.ShouldBeGreaterThan(40, "her link's key is long enough to be masked");
        await RunEveryRecurringJobAsync(app); // the emails the journeys queued (a reset link, a reply) go out, logged or not

        var forbidden = await PersonalDataAsync(app, herLink);
        forbidden.Count.ShouldBeGreaterThan(50, "the demo's people, addresses and notes were read");
        var lines = app.Logs.Lines.ToList();
        lines.ShouldContain(l => l.Category == typeof(SecurityEvents).FullName, "the sign-ins were logged (else this test proves nothing)");
        lines.ShouldContain(l => l.Scopes.Any(s => s.Contains("TraceId=", StringComparison.Ordinal)), "a request's lines carry its trace id");

        lines.ShouldContain(l => l.Console.Contains("\"TraceId\":", StringComparison.Ordinal), "the console's JSON carries the trace id");
        lines.ShouldContain(l => l.Console.Contains("\"RequestPath\":\"/colleague/concern/{key}\"", StringComparison.Ordinal), "a line logged on her page names the page, not its key");
        output.WriteLine("A security event as the console writes it: " + lines.First(l => l.Category == typeof(SecurityEvents).FullName).Console);

        // The line as logged may hold her link's key (ASP.NET Core's RequestPath scope); the console's line must not.
        var offending = lines.Select(l => (Line: l, Why: WhyPersonal(l.Console, forbidden) ?? WhyPersonal(l.Text, forbidden.Where(f => f != herLink).ToList())))
            .Where(x => x.Why is not null).ToList();
        offending.Count.ShouldBe(0,
            $"{offending.Count} of {lines.Count} log lines carry personal data:{Environment.NewLine}"
            + string.Join(Environment.NewLine, offending.Select(o => $"  [{o.Why}] {o.Line.Everything}")));

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.IsSensitiveDataLoggingEnabled
            .ShouldBeFalse("EF Core must never log parameter values outside Development");
    }

    private static string? WhyPersonal(string text, IReadOnlyList<string> forbidden) =>
        forbidden.FirstOrDefault(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)) is { } found ? $"“{found}”"
        : EmailAddress().Match(text) is { Success: true } match ? $"address {match.Value}"
        : null;

    private static async Task RunEveryRecurringJobAsync(AppFixtureBase app)
    {
        // Every job RecurringJobs registers, in the order a day would bring them.
        await app.RunAsync<WeeklyRollupJob, int>(j => j.RunAsync());
        await app.RunAsync<ConfirmationJob, ConfirmationJob.Result>(j => j.RunAsync());
        await app.RunAsync<LeaderDigestJob, LeaderDigestJob.Result>(j => j.RunAsync());
        await app.RunAsync<PulseJob, int>(j => j.RunAsync());
        await app.RunAsync<ReminderJob, int>(j => j.RunAsync());
        await app.RunAsync<ConcernReminderJob, int>(j => j.RunAsync());
        await app.RunAsync<RetentionJob, (int, int)>(j => j.RunAsync());
        await app.RunAsync<SqliteBackupJob, string?>(j => j.RunAsync());
        await app.RunAsync<OutboxDispatcher, DispatchReport>(j => j.RunAsync());
        await app.RunAsync<ChatDispatcher, int>(j => j.RunAsync());
    }

    /// <summary>People's journeys through the pages' own forms; returns the colleague's link token (a key to her pages).</summary>
    private static async Task<string> JourneysAsync(AppFixtureBase app)
    {
        // Signing in, and being refused: a wrong password, an address with no account, five wrong passwords in a row.
        var mentor = new Browser(app.NewClient());
        (await new Browser(app.NewClient()).SignInAsync(DemoSeeder.MentorEmail, "not-the-password")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await new Browser(app.NewClient()).SignInAsync(UnknownAddress, "whatever-it-is")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mentor.SignInAsync(DemoSeeder.MentorEmail, DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var other = await app.WithDbAsync(db => db.Users.Where(u => u.Email != DemoSeeder.MentorEmail && u.Email != DemoSeeder.AdminEmail && u.Email != DemoSeeder.HrEmail)
            .OrderBy(u => u.Email).Select(u => u.Email!).FirstAsync());
        var guesser = new Browser(app.NewClient());
        for (var i = 0; i < 5; i++)
        {
            (await guesser.SignInAsync(other, $"guess-{i}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == SecurityEvents.LockedOut))).ShouldBe(1, "the guesses locked the account");
        (await new Browser(app.NewClient()).SubmitAsync("/account/forgot-password", "Send the link", new() { ["Email"] = DemoSeeder.HrEmail }))
            .StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect);

        // The mentor logs a coffee with what they talked about and a private note.
        var week = await mentor.GetPageAsync("/week");
        var colleague = Browser.ColleagueChips(week, "coffee").FirstOrDefault()
            ?? week.QuerySelectorAll("#coffee-colleague option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;
        (await mentor.SubmitAsync(week, "/week", "Log coffee", new() { ["Input.ColleagueId"] = colleague, ["Input.Topics"] = TypedTopics, ["Input.PrivateNotes"] = TypedNote }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A colleague answers her confirmation with a comment and raises a concern, from the link in her email.
        var bodies = await app.WithDbAsync(db => db.Emails.Where(e => e.TextBody != null).Select(e => e.TextBody!).ToListAsync());
        var token = bodies.Select(b => ConfirmLink().Match(b)).First(m => m.Success).Groups[1].Value;
        var her = new Browser(app.NewClient());
        (await her.SubmitAsync($"/confirm/{token}", "Save my answers", new() { ["Answers[0].Answer"] = "happened", ["Answers[0].Comment"] = TypedComment }))
            .StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect);
        (await her.SubmitAsync($"/colleague/concern/{token}", "Send to the program team", new() { ["Message"] = TypedConcern }))
            .StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect);

        // HR downloads the quarter's workbook; the admin reads the dashboard, the people, the audit log and a concern.
        var hr = new Browser(app.NewClient());
        (await hr.SignInAsync(DemoSeeder.HrEmail, DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var download = (await hr.GetPageAsync("/reports")).QuerySelector("a[href^='/reports/download?']")!.GetAttribute("href")!;
        (await hr.Client.GetAsync(new Uri(download, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var admin = new Browser(app.NewClient());
        (await admin.SignInAsync(DemoSeeder.AdminEmail, DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var programId = await app.WithDbAsync(db => db.Programs.Select(p => p.Id).FirstAsync());
        var concernId = await app.WithDbAsync(db => db.Concerns.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        foreach (var page in new[] { $"/admin/programs/{programId}", "/admin/users", "/admin/colleagues", "/admin/audit", $"/concerns/{concernId}" })
        {
            (await admin.Client.GetAsync(new Uri(page, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, page);
        }

        return token;
    }

    /// <summary>
    /// Every address, name and note the database holds after the journeys (notes read as their author would), and her
    /// link's token: a line logged while she used her page must not carry the key to it (in a scope's RequestPath).
    /// </summary>
    private static async Task<IReadOnlyList<string>> PersonalDataAsync(AppFixtureBase app, string herLinkToken)
    {
        var values = new List<string?> { UnknownAddress, TypedTopics, TypedNote, TypedComment, TypedConcern };
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AllyshipDbContext>();
        foreach (var u in await db.Users.AsNoTracking().Select(u => new { u.Email, u.DisplayName, u.PreferredName }).ToListAsync())
        {
            values.AddRange([u.Email, u.DisplayName, u.PreferredName]);
        }

        foreach (var c in await db.Colleagues.AsNoTracking().Select(c => new { c.Email, c.Name, c.ManagerEmail }).ToListAsync())
        {
            values.AddRange([c.Email, c.Name, c.ManagerEmail]);
        }

        values.AddRange(await db.Invitations.AsNoTracking().Select(i => i.Email).ToListAsync());
        foreach (var a in await db.Actions.AsNoTracking().Select(a => new { a.Topics, a.PrivateNotes, a.Achievement, a.Accomplishment, a.SeniorLeader }).ToListAsync())
        {
            values.AddRange([a.Topics, app.ReadNote(a.PrivateNotes), a.Achievement, a.Accomplishment, a.SeniorLeader]);
        }

        values.AddRange((await db.Concerns.AsNoTracking().Select(c => c.Message).ToListAsync()).Select(app.ReadNote));
        values.AddRange((await db.ConcernEntries.AsNoTracking().Select(e => e.Text).ToListAsync()).Select(app.ReadNote));
        values.AddRange((await db.Confirmations.AsNoTracking().Where(c => c.Comment != null).Select(c => c.Comment).ToListAsync()).Select(app.ReadNote));

        // Names of two words or more and texts long enough not to be a word any line could hold by chance.
        return values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())
            .Where(v => v.Contains('@', StringComparison.Ordinal) || (v.Contains(' ', StringComparison.Ordinal) && v.Length >= 6))
            .Append(herLinkToken).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"/confirm/([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmLink();
}

/// <summary>The app with every log line at Information and above kept, and as the console writes it.</summary>
public sealed class LogCapturingApp : AppFixtureBase
{
    private LogCapture? _logs;

    public LogCapture Logs => _logs ?? throw new InvalidOperationException("The app has not started.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The console's own formatter (JSON outside Development) writes each line once more, so the test reads what an
        // operator's log collector would receive, scopes and all.
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(sp =>
            _logs = new LogCapture(sp.GetServices<ConsoleFormatter>().Single(f => f.Name == JsonLogFormatter.FormatterName))));
    }
}

/// <summary>One captured log line: its category, level, message, exception, its scopes' values, and the console's line.</summary>
public sealed record CapturedLine(string Category, LogLevel Level, string Message, string? Exception, IReadOnlyList<string> Scopes, string Console)
{
    public string Text => $"{Level} {Category}: {Message}{(Exception is null ? "" : " | " + Exception)}{(Scopes.Count == 0 ? "" : " | scopes: " + string.Join("; ", Scopes))}";

    /// <summary>What is searched: the line's parts as logged, and the line as the console writes it.</summary>
    public string Everything => Text + Environment.NewLine + Console;
}

/// <summary>A log provider that keeps every line at Information and above (the configured level filters still apply, as for the console).</summary>
public sealed class LogCapture(ConsoleFormatter console) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();
    private readonly ConsoleFormatter _console = console;
    private IExternalScopeProvider? _scopes;

    public IReadOnlyCollection<CapturedLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Describe(object? scope) => scope switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")),
        _ => scope?.ToString() ?? "",
    };

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var scopes = new List<string>();
            capture._scopes?.ForEachScope((scope, list) => list.Add(Describe(scope)), scopes);
            using var line = new StringWriter();
            capture._console.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), capture._scopes, line);
            capture._lines.Enqueue(new CapturedLine(category, logLevel, formatter(state, exception), exception?.ToString(), scopes, line.ToString()));
        }
    }
}
