using Allyship.Web.Features;
using Allyship.Web.Features.Admin.Provisioning;
using Allyship.Web.Features.App;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.ChatApps;
using Allyship.Web.Features.Commands;
using Allyship.Web.Features.Demo;
using Allyship.Web.Features.Notifications;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Infrastructure.Telemetry;

// `--new-database`: start on a new, empty database even though this data folder shows it had one (a deleted database
// is refused otherwise). Taken out before anything else reads the arguments.
var newDatabase = args.Contains(Commands.NewDatabaseSwitch, StringComparer.Ordinal);
args = [.. args.Where(a => a != Commands.NewDatabaseSwitch)];

// `dotnet run -- create-admin <email>` and `-- seed-demo ...` run a command instead of serving.
var command = Commands.Parse(args);

try
{
    return await RunAsync(command, args, newDatabase);
}
catch (StartupException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

static async Task<int> RunAsync(Commands? command, string[] args, bool newDatabase)
{
    var builder = WebApplication.CreateBuilder(command is null ? args : []);
    if (command is not null)
    {
        builder.Configuration["Jobs:ServerEnabled"] = "false";
    }

    builder.AddStructuredLogs();
    builder.AddData();
    builder.AddAllyshipIdentity();
    builder.AddEmail();
    builder.AddJobs();
    builder.AddFeatures();
    builder.AddChat();
    builder.AddChatApps();
    builder.AddPush();
    builder.AddWeb();
    builder.AddLocalisation();
    builder.AddHealth();
    builder.AddProxySupport();
    builder.AddTelemetry();

    var app = builder.Build();

    if (command is { RunsBeforeMigration: true })
    {
        return await command.RunAsync(app);
    }

    app.RefuseVanishedDatabase(newDatabase); // before the lock file below, which is one of the traces it looks for
    if (command is null)
    {
        app.MarkDatabaseInUse(); // before migrating: `restore` refuses from here until the app stops
    }

    await app.Services.MigrateDatabaseAsync();

    if (command is not null)
    {
        return await command.RunAsync(app);
    }

    await app.SeedDemoIfDevelopmentAsync();

    app.UseWeb();
    app.MapScim();
    app.MapJobsDashboard();
    app.MapDevelopmentChat();
    app.MapDevelopmentPush();
    app.MapChatApps();
    app.MapAppManifest();
    app.RegisterRecurringJobs();
    await app.RunAsync();
    return 0;
}

/// <summary>The entry point; public so integration tests can host the app.</summary>
public partial class Program;
