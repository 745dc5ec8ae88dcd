using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Notifications;

/// <summary>Notifications on phones and computers (Web Push): the settings, the server's key pair, the devices and the outbox's sender.</summary>
public static class PushSetup
{
    public static WebApplicationBuilder AddPush(this WebApplicationBuilder builder)
    {
        var options = builder.Services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateOnStart();
        if (builder.Environment.IsDevelopment())
        {
            options.PostConfigure<IOptions<Infrastructure.AppOptions>>((push, app) => push.DevelopmentEndpoints = app.Value.Link(PushOptions.DevelopmentPath));
        }

        builder.Services.AddSingleton<IValidateOptions<PushOptions>, PushOptions.Validator>();
        builder.Services.AddSingleton<VapidKeys>();
        builder.Services.AddHostedService(services => services.GetRequiredService<VapidKeys>());
        builder.Services.AddScoped<PushDevices>();
        builder.Services.AddScoped<PushDispatcher>();
        // A push service's redirect is an answer, not an instruction (the request would go to an address nobody checked).
        builder.Services.AddHttpClient(PushDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        return builder;
    }

    /// <summary>
    /// Development: a stand-in push service for the demo phone, so the demo's reminders reach "a phone" without the
    /// internet. It cannot read them (they are encrypted for the phone); it writes that one arrived to the log.
    /// </summary>
    public static WebApplication MapDevelopmentPush(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapPost(PushOptions.DevelopmentPath + "{device}", async (string device, HttpRequest request, ILoggerFactory loggers) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                loggers.CreateLogger("Allyship.DevelopmentPush").LogInformation("A notification reached the demo phone {Device} ({Bytes} bytes, encrypted for it)", device, body.Length);
                return Results.StatusCode(StatusCodes.Status201Created);
            }).AllowAnonymous().DisableAntiforgery();
        }

        return app;
    }
}
