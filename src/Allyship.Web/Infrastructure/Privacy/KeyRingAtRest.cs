using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Allyship.Web.Infrastructure.Privacy;

/// <summary>
/// The Data Protection key ring sits in the database beside the notes it decrypts. `DataProtection:CertificatePath`
/// (a .pfx with its private key; `DataProtection:CertificatePassword`) encrypts the keys with that certificate, so a
/// copy of the database alone decrypts nothing. Without it, Production says so once at start.
/// </summary>
public sealed class KeyRingAtRest(IConfiguration configuration, IHostEnvironment environment, ILogger<KeyRingAtRest> log) : IHostedService
{
    public static X509Certificate2? Certificate(IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new StartupException($"DataProtection:CertificatePath names {path}, which does not exist: give the path of a .pfx file with its private key.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        }
        catch (CryptographicException)
        {
            throw new StartupException($"The certificate at DataProtection:CertificatePath ({path}) could not be opened: check DataProtection:CertificatePassword.");
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new StartupException($"The certificate at DataProtection:CertificatePath ({path}) has no private key: export it as a .pfx with its key.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction() && string.IsNullOrWhiteSpace(configuration["DataProtection:CertificatePath"]))
        {
            log.LogWarning("The Data Protection keys (which decrypt sign-in cookies and mentors' private notes) are stored unencrypted in the database: set DataProtection:CertificatePath to a .pfx certificate (and DataProtection:CertificatePassword) to encrypt them. See docs/privacy.md.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
