using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Chat;

/// <summary>Settings under "Chat", checked at start (<see cref="Validator"/>).</summary>
public sealed partial class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>The environments where <see cref="LocalWebhooks"/> may be on.</summary>
    public static readonly IReadOnlyList<string> LocalEnvironments = ["Development", "Testing"];

    /// <summary>`Chat:AllowedHosts`: host names added to the chat services' (a chat behind the company's own name); exact, or "*.name" for any name under it.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>`Chat:LocalWebhooks`: posts may go to http(s)://127.0.0.1 or [::1] on any port, for tests and trials; refused at start outside <see cref="LocalEnvironments"/>.</summary>
    public bool LocalWebhooks { get; set; }

    /// <summary>
    /// `Chat:TimeoutSeconds`: how long a post waits for the chat's answer. A post that gets none may have arrived, so it is
    /// never sent again automatically: an admin checks the channel. At most <see cref="MaxTimeoutSeconds"/> (a dispatcher's
    /// claim on a post outlasts it).
    /// </summary>
    public int TimeoutSeconds { get; set; } = 15;

    public const int MaxTimeoutSeconds = 60;

    /// <summary>The operator's hosts, trimmed and lower-case (an entry may hold several, comma-separated).</summary>
    public IReadOnlyList<string> Hosts => AllowedHosts
        .SelectMany(h => h.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(h => h.ToLowerInvariant()).Distinct().ToList();

    /// <summary>What is wrong with these settings in <paramref name="environment"/>, as sentences naming the setting.</summary>
    public static IEnumerable<string> Problems(ChatOptions options, string environment)
    {
        foreach (var host in options.Hosts)
        {
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (IPAddress.TryParse(name.Trim('[', ']'), out _) || !HostName().IsMatch(name) || (host != name && !name.Contains('.', StringComparison.Ordinal)))
            {
                yield return $"Chat:AllowedHosts holds \"{host}\", which is not a host name: give names like chat.example.org or *.chat.example.org (no scheme, port, path or address; a wildcard needs at least two labels after it).";
            }
        }

        if (options.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            yield return $"Chat:TimeoutSeconds is {options.TimeoutSeconds}; give a number of seconds from 1 to {MaxTimeoutSeconds}.";
        }

        if (options.LocalWebhooks && !LocalEnvironments.Contains(environment, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"Chat:LocalWebhooks lets chat posts go to this machine, for tests and trials only; it is refused in the {environment} environment: remove it.";
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex HostName();

    public sealed class Validator(IHostEnvironment environment) : IValidateOptions<ChatOptions>
    {
        public ValidateOptionsResult Validate(string? name, ChatOptions options) =>
            Problems(options, environment.EnvironmentName).ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
