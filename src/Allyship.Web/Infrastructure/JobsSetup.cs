using Hangfire;
using Hangfire.Dashboard;

namespace Allyship.Web.Infrastructure;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire in-process on in-memory storage: our own tables are the source of truth, so nothing is lost when
    /// the process restarts. Jobs:ServerEnabled=false keeps the storage and dashboard but runs no jobs (tests).
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());

        if (builder.Configuration.GetValue("Jobs:ServerEnabled", true))
        {
            builder.Services.AddHangfireServer(options => options.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        }

        return builder;
    }

    /// <summary>The jobs dashboard at /admin/jobs, for program admins only (never Hangfire's local-requests default).</summary>
    public static void MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions
        {
            // Authorisation is the endpoint policy below: anonymous users are sent to sign-in, other roles get 403.
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            DashboardTitle = "Allyship jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.ProgramAdmin);
    }
}
