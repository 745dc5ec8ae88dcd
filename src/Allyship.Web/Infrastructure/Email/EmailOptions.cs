using System.ComponentModel.DataAnnotations;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>Settings under "Email". With no SMTP host, messages are written as .eml files to the pickup folder.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required(ErrorMessage = "Email:From is required: the address emails are sent from, like \"Allyship <allyship@example.org>\".")]
    public string From { get; set; } = "Allyship <allyship@localhost>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where .eml files go when no SMTP host is set; default "mail-pickup" under the data folder.</summary>
    public string? PickupDirectory { get; set; }

    [Range(1, 20, ErrorMessage = "Email:MaxAttempts must be between 1 and 20.")]
    public int MaxAttempts { get; set; } = 8;

    [Range(1, 500, ErrorMessage = "Email:BatchSize must be between 1 and 500.")]
    public int BatchSize { get; set; } = 50;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Email:Smtp:Port must be a TCP port between 1 and 65535.")]
    public int Port { get; set; } = 587;

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS (port 587). False sends in the clear: only for a local relay or catcher.</summary>
    public bool UseStartTls { get; set; } = true;

    [Range(1, 300, ErrorMessage = "Email:Smtp:TimeoutSeconds must be between 1 and 300.")]
    public int TimeoutSeconds { get; set; } = 30;
}
