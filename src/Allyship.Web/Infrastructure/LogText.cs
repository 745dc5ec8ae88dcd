using System.Text.RegularExpressions;

namespace Allyship.Web.Infrastructure;

/// <summary>
/// Text the app does not write itself (an SMTP server's answer, an audit entry's details) made fit for a log line at
/// Information or above: email addresses become "(an email address)". Log lines name people by their id, never their
/// address or name (issue 37); where an operator needs the address, it goes at Debug.
/// </summary>
public static partial class LogText
{
    public const string Redacted = "(an email address)";

    public static string WithoutEmailAddresses(string? text) => string.IsNullOrEmpty(text) ? "" : EmailAddress().Replace(text, Redacted);

    [GeneratedRegex(@"[^\s<>()\[\]""',;:@]+@[^\s<>()\[\]""',;:@]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
