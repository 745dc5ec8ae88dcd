using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Allyship.Web.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry metrics and traces (ADR 21), exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c> and the other standard variables), and
/// not collected at all otherwise. <c>Telemetry:Enabled</c> turns collection on without an endpoint (a test's in-memory
/// exporter) or off with one; <c>Telemetry:EntityFrameworkCore</c> adds a span per database command (a beta
/// instrumentation, off by default). Every signal carries service.name (<c>allyship</c>, or <c>OTEL_SERVICE_NAME</c>),
/// service.version and service.instance.id (<see cref="AppInstance.Name"/>: host and process).
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "allyship";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EmailBacklog>();
        builder.Services.AddSingleton<AllyshipMetrics>();
        builder.Services.AddSingleton<IInterceptor, TelemetryInterceptor>();

        var configuration = builder.Configuration;
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!configuration.GetValue("Telemetry:Enabled", !string.IsNullOrWhiteSpace(endpoint)))
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName,
                serviceVersion: AllyshipMetrics.Version,
                serviceInstanceId: AppInstance.Name))
            .WithMetrics(metrics => metrics
                .AddMeter(AllyshipMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing =>
            {
                tracing.AddSource(AllyshipMetrics.Name)
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        // The probes ask every few seconds: their spans would be most of the traces and say nothing.
                        options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
                        options.EnrichWithHttpResponse = (activity, response) => activity.SetTag("url.path", RouteOf(response.HttpContext));
                    })
                    .AddHttpClientInstrumentation(options =>
                        // A chat webhook's address is its secret: a span names the host it called, never the path.
                        options.EnrichWithHttpRequestMessage = (activity, request) =>
                            activity.SetTag("url.full", request.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) + "/" : null));
                if (configuration.GetValue("Telemetry:EntityFrameworkCore", false))
                {
                    tracing.AddEntityFrameworkCoreInstrumentation();
                }
            });
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            // Metrics and traces only (UseOtlpExporter would send the logs too: they stay on the console, where the
            // JSON formatter hides a colleague's key in a path). Each reads the standard OTEL_EXPORTER_OTLP_* settings.
            telemetry.WithMetrics(metrics => metrics.AddOtlpExporter()).WithTracing(tracing => tracing.AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// The route a request matched (<c>/colleague/coffee/{token}</c>), never the path it came with: a colleague's link
    /// carries a token in its path, which is a key to her pages. A request no endpoint answered keeps no path at all.
    /// </summary>
    private static string RouteOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } ? "/" + route.TrimStart('/') : "(no route)";
}
