using Allyship.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// The real app over HTTP against a real SQLite file (or PostgreSQL database) of its own, with a fake clock of its own and
/// the Hangfire server off. One per test class (IClassFixture): classes never share a database or a clock, so they run
/// in any order; tests in a class make their own programs and mentors and set the clock they need. (Classes run one at
/// a time: Hangfire's process-wide log provider and storage belong to the last host built; see xunit.runner.json.)
/// </summary>
public sealed class AppFixture : AppFixtureBase;

public class AppFixtureBase : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Wednesday 25 November 2026, 12:00 UTC: mid-week in Europe/London.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory;

    /// <summary>
    /// Files are watched by polling in test processes: each watcher on Linux is an inotify instance, and the user's limit
    /// (128 by default) is shared by every process, so hosts, the apps they start and Chromium together can run out
    /// (a CI run did: "The configured user limit (128) on the number of inotify instances has been reached"). The apps
    /// that `dotnet Allyship.Web.dll` starts inherit the setting.
    /// </summary>
    static AppFixtureBase() => System.Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    /// <summary>A new app on a new data folder, or on <paramref name="directory"/> (a restored backup, a second instance).</summary>
    public AppFixtureBase(string? directory = null)
    {
        _directory = directory ?? NewDataDirectory();
    }

    /// <summary>Form posts one address may make per minute to the account pages (high: tests sign in many people).</summary>
    public int RateLimitPerMinute { get; protected set; } = 100_000;

    /// <summary>Roles that must use two-factor; none by default, as in Development (TwoFactorTests sets ProgramAdmin,HR).</summary>
    protected string RequireTwoFactorFor { get; set; } = "";

    /// <summary>Extra settings a fixture class adds (single sign-on, password sign-in off).</summary>
    protected Dictionary<string, string> Settings { get; } = [];

    /// <summary>Leave the data folder behind on dispose (another instance, or the next start, uses it).</summary>
    public bool KeepData { get; init; }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "allyship-tests", Guid.NewGuid().ToString("N"));

    public TestClock Clock { get; } = new(DefaultNow);

    /// <summary>The app sends mail here. Tests filter by their own recipients, so they don't see each other's mail.</summary>
    public TestSmtpServer Smtp { get; } = StartedSmtp();

    private static TestSmtpServer StartedSmtp()
    {
        var smtp = new TestSmtpServer();
        smtp.Start();
        return smtp;
    }

    public string DataDirectory => _directory;

    public string DatabasePath => Path.Combine(_directory, "allyship.db");

    /// <summary>This app's own database: a SQLite file in its folder, or (TestDatabase.IsPostgres) a database of its own on the test server.</summary>
    public string ConnectionString => _connectionString ??= TestDatabase.IsPostgres ? TestDatabase.NewPostgresDatabase() : $"Data Source={DatabasePath}";

    private string? _connectionString;

    /// <summary>The settings a process of the app needs to use this fixture's data (for `dotnet Allyship.Web.dll &lt;command&gt;`).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Storage__DataDirectory"] = DataDirectory,
        ["Database__Provider"] = TestDatabase.Provider,
        ["ConnectionStrings__Allyship"] = ConnectionString,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", TestDatabase.Provider);
        builder.UseSetting("ConnectionStrings:Allyship", ConnectionString);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Jobs:ServerEnabled", "false");
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:UseStartTls", "false");
        builder.UseSetting("Email:Smtp:TimeoutSeconds", "5");
        builder.UseSetting("Email:From", "Allyship <allyship@example.org>");
        builder.UseSetting("App:BaseUrl", "https://allyship.example.org");
        // Tests sign in many people a minute from one address; RateLimitTests sets its own limit.
        builder.UseSetting("Security:RateLimitPerMinute", RateLimitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Security:RequireTwoFactorFor", RequireTwoFactorFor);
        // The chat tests post to TestWebhookServer on 127.0.0.1: the operator's switch for webhooks on this machine,
        // which the app honours only in Development and Testing (start-up stops if it is on anywhere else).
        builder.UseSetting("Chat:LocalWebhooks", "true");
        // The push tests' stand-in push service listens on 127.0.0.1 too (Push:LocalPushServices: Development and Testing only).
        builder.UseSetting("Push:LocalPushServices", "true");
        // French and Spanish are offered in the tests as in Development (production offers English until they are complete).
        builder.UseSetting("Localisation:Languages", "en,fr,es");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new TestOutputLoggerProvider(() => _output)));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>();
        });
    }

    private ITestOutputHelper? _output;

    /// <summary>The app's log goes to this test's output from now on (call it from the test class's constructor).</summary>
    public AppFixtureBase LogTo(ITestOutputHelper output)
    {
        _output = output;
        return this;
    }

    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>A private note as its author reads it (notes are stored encrypted).</summary>
    public string? ReadNote(string? stored) => Services.GetRequiredService<Allyship.Web.Infrastructure.Privacy.NoteProtector>().Unprotect(stored);

    public async Task<T> RunAsync<TJob, T>(Func<TJob, Task<T>> run)
        where TJob : notnull
    {
        await using var scope = Scope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    public async Task<T> WithDbAsync<T>(Func<AllyshipDbContext, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<AllyshipDbContext>());
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>How xunit disposes a class or collection fixture: asynchronously (it then calls Dispose, which finds it done).</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private bool _released;

    /// <summary>
    /// Stops the host (the base class, which also runs it for a plain Dispose), then the SMTP server, then removes this
    /// app's database and data folder unless <see cref="KeepData"/>.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_released)
        {
            return;
        }

        _released = true;
        await Smtp.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepData)
        {
            return;
        }

        if (TestDatabase.IsPostgres && _connectionString is not null)
        {
            await TestDatabase.DropPostgresDatabaseAsync(_connectionString);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is left for the OS temp cleaner.
        }
    }
}

/// <summary>
/// Tests that start Hangfire's job server, or run two hosts of the app at once: never beside another class, even if
/// parallel classes are turned on (xunit.runner.json), because Hangfire keeps process-wide state.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JobServerGroup : ICollectionFixture<AppFixture>
{
    public const string Name = "Job server";
}

/// <summary>Lets a test say which address a request comes from (`X-Test-Client-Address`): the test server has none.</summary>
internal sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && System.Net.IPAddress.TryParse(value, out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware();
        });
        next(app);
    };
}
