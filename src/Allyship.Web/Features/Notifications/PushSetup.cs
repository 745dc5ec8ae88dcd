using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Notifications;

/// <summary>Notifications on phones and computers (Web Push): the settings, the server's key pair, the devices and the outbox's sender.</summary>
public static class PushSetup
{
    public static WebApplicationBuilder AddPush(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateOnStart();
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
}
