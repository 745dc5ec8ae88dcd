using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Notifications;

/// <summary>Settings under "Push", checked at start (<see cref="Validator"/>).</summary>
public sealed class PushOptions
{
    public const string Section = "Push";

    /// <summary>
    /// The push services browsers subscribe with: Chrome, Edge, Samsung Internet and Opera (Firebase Cloud Messaging),
    /// Edge on Windows (Windows Push Notification Services), Firefox (Mozilla's autopush) and Safari (Apple). A subscription
    /// naming any other host is refused, so the server never posts to an address a person typed.
    /// </summary>
    public static readonly IReadOnlyList<string> PushServiceHosts = ["fcm.googleapis.com", "*.notify.windows.com", "*.push.services.mozilla.com", "*.push.apple.com"];

    /// <summary>`Push:AllowedHosts`: push services added to the known ones (a company's own); exact, or "*.name".</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>`Push:LocalPushServices`: subscriptions may name http://127.0.0.1 (a stand-in push service, for tests); refused at start outside Development and Testing.</summary>
    public bool LocalPushServices { get; set; }

    /// <summary>`Push:Enabled`: notifications offered on Settings (on by default; off hides the button and sends none).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>`Push:Contact`: the "mailto:" or https address push services may write to about this server; by default the app's address.</summary>
    public string? Contact { get; set; }

    /// <summary>Where the Development demo's stand-in push service takes notifications (its demo phone's subscription).</summary>
    public const string DevelopmentPath = "/dev/push/";

    /// <summary>In Development only: the app's own stand-in push service's address (set from App:BaseUrl, never from configuration).</summary>
    internal string? DevelopmentEndpoints { get; set; }

    /// <summary>`Push:TimeoutSeconds`: how long a send waits for the push service.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    public IReadOnlyList<string> Hosts => [.. PushServiceHosts, .. AllowedHosts
        .SelectMany(h => h.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(h => h.ToLowerInvariant())];

    public sealed class Validator(IHostEnvironment environment) : IValidateOptions<PushOptions>
    {
        public ValidateOptionsResult Validate(string? name, PushOptions options)
        {
            var problems = new List<string>();
            if (options.LocalPushServices && !Chat.ChatOptions.LocalEnvironments.Contains(environment.EnvironmentName, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"Push:LocalPushServices lets notifications go to this machine, for tests only; it is refused in the {environment.EnvironmentName} environment: remove it.");
            }

            if (options.TimeoutSeconds is < 1 or > 60)
            {
                problems.Add($"Push:TimeoutSeconds is {options.TimeoutSeconds}; give a number of seconds from 1 to 60.");
            }

            if (options.Contact is { Length: > 0 } contact && !contact.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && !contact.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Push:Contact is \"{contact}\"; give a mailto: or https:// address push services may write to.");
            }

            return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
        }
    }
}
