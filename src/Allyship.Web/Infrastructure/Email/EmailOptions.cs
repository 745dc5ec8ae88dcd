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

    /// <summary>The longest wait between two attempts at one message: retries back off 1, 2, 4 … minutes up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Email:MaxBackoff must be between 00:00:01 and 1.00:00:00 (a day).")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after its first failed attempt a message keeps being retried; then it is Failed (and can be retried by hand).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Email:GiveUpAfter must be between 00:01:00 and 30.00:00:00 (thirty days).")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>SMTP connections the outbox sends over at once.</summary>
    [Range(1, 16, ErrorMessage = "Email:Concurrency must be between 1 and 16.")]
    public int Concurrency { get; set; } = 4;

    /// <summary>Rows claimed at a time; a run claims batch after batch until nothing is due (or about 50 seconds have passed).</summary>
    /// <summary>Days the body of a sent email is kept (for the admins' outbox page); then only who, when and what kind.</summary>
    [Range(0, 365, ErrorMessage = "Email:KeepSentBodiesDays must be between 0 and 365.")]
    public int KeepSentBodiesDays { get; set; } = 7;

    [Range(1, 1000, ErrorMessage = "Email:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 200;

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
