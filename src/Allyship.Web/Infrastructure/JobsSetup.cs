using Allyship.Web.Infrastructure.Email;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Infrastructure;

public static class JobsSetup
{
    /// <summary>Stable ids of the recurring jobs, as they appear in the dashboard.</summary>
    public static class Ids
    {
        public const string Reminders = "reminders";
        public const string WeeklyRollup = "weekly-rollup";
        public const string EmailOutbox = "email-outbox";
        public const string Backup = "sqlite-backup";
        public const string Retention = "retention";
        public const string Confirmations = "colleague-confirmations";
        public const string LeaderDigests = "leader-digests";
        public const string Pulse = "allyship-pulse";
        public const string ChatOutbox = "chat-outbox";
        public const string ChatCalls = "chat-app-calls";
        public const string ConcernReminders = "concern-reminders";
        public const string PushOutbox = "push-outbox";
    }

    /// <summary>
    /// Hangfire in-process: on SQLite with in-memory storage (our own tables are the source of truth, so nothing is lost
    /// when the process restarts), on PostgreSQL with Hangfire.PostgreSql so every instance shares one queue and one
    /// schedule. Jobs:ServerEnabled=false keeps the storage and dashboard but runs no jobs (tests, web-only instances).
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var postgres = DatabaseProvider.Of(builder.Configuration) == DatabaseProvider.Postgres;
        var connectionString = builder.Configuration.GetConnectionString("Allyship");
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (postgres)
            {
                // Several instances share one queue. A fetched job stays invisible to the other servers for three hours
                // (ours take seconds to minutes), so a long run is never started again elsewhere; the outbox claim and
                // unique keys keep every email and rollup exactly-once even if it were. A run whose instance died is
                // not waited for: its job lease expires and AbandonedJobs starts the job again (JobLeases).
                // Hangfire's own locks (the recurring and delayed job schedulers, the expiration manager) are rows in
                // hangfire.lock held for milliseconds, but one held by an instance that was killed stays until
                // DistributedLockTimeout: the default ten minutes stopped scheduling on every instance (issue 34).
                // Thirty seconds; a lock held longer than that may be taken by a second server, which costs at most
                // a recurring job queued twice, and our jobs are safe to run twice. Our jobs take no Hangfire lock.
                config.UsePostgreSqlStorage(
                    options => options.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        InvisibilityTimeout = TimeSpan.FromHours(3),
                        QueuePollInterval = TimeSpan.FromSeconds(5),
                        DistributedLockTimeout = TimeSpan.FromSeconds(30),
                        PrepareSchemaIfNecessary = true,
                    });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });

        if (builder.Configuration.GetValue("Jobs:ServerEnabled", true))
        {
            builder.Services.AddHangfireServer(options => options.WorkerCount = Math.Max(2, Environment.ProcessorCount));
            builder.Services.AddHostedService<AbandonedJobs>();
        }

        builder.Services.AddSingleton<JobLeases>();

        builder.Services.AddScoped<OutboxDispatcher>();
        builder.Services.AddScoped<Backups.SqliteBackupJob>();
        builder.Services.AddOptions<Backups.BackupOptions>().Bind(builder.Configuration.GetSection("Backup")).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    /// <summary>The jobs dashboard at /admin/jobs, for operators only (never Hangfire's local-requests default); /operations links to it.</summary>
    public static void MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions
        {
            // Authorisation is the endpoint policy below: anonymous users are sent to sign-in, other roles get 403.
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            DashboardTitle = "Allyship jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Operator);
    }
}

public static class EmailSetup
{
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Email:From must be an address like \"Allyship <allyship@example.org>\".")
            .ValidateOnStart();
        var appOptions = builder.Services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section);
        if (builder.Environment.IsDevelopment())
        {
            var urls = builder.Configuration["urls"];
            appOptions.PostConfigure(o => o.BaseUrl = AppOptions.FollowListeningAddress(o.BaseUrl, urls));
        }

        appOptions.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<EmailRenderer>();
        builder.Services.AddSingleton<SentNotRecorded>();
        builder.Services.AddSingleton<IEmailTransport>(services =>
        {
            var options = services.GetRequiredService<IOptions<EmailOptions>>().Value;
            if (options.UsesSmtp)
            {
                return new SmtpEmailTransport(services.GetRequiredService<IOptions<EmailOptions>>());
            }

            var configuration = services.GetRequiredService<IConfiguration>();
            var environment = services.GetRequiredService<IHostEnvironment>();
            var folder = string.IsNullOrWhiteSpace(options.PickupDirectory)
                ? Path.Combine(DataSetup.DataDirectory(configuration, environment), "mail-pickup")
                : Path.GetFullPath(options.PickupDirectory, environment.ContentRootPath);
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Allyship.Email");
            if (environment.IsDevelopment())
            {
                // Trying the app: nothing is wrong, and the newcomer needs to know where the emails went.
                log.LogInformation("Emails are written as .eml files to {Folder} (open them in any mail program); set Email:Smtp:Host to send them", folder);
            }
            else
            {
                log.LogWarning("No Email:Smtp:Host is set: emails are written as .eml files to {Folder}", folder);
            }

            return new PickupFolderTransport(folder);
        });
        return builder;
    }
}
