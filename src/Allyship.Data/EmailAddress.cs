using System.Net.Mail;

namespace Allyship.Web.Data;

/// <summary>What counts as an email address here, and the one form it is stored in.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Stored lower-case and trimmed, so one address is one person.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaxLength || email.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !string.IsNullOrEmpty(parsed.DisplayName))
        {
            return false;
        }

        var host = parsed.Host;
        return host.Contains('.', StringComparison.Ordinal) && !host.StartsWith('.') && !host.EndsWith('.');
    }
}
