using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>Hands finished messages to the outside world, over a session that stays open for many messages.</summary>
public interface IEmailTransport
{
    /// <summary>A session (one SMTP connection, opened on the first message): the outbox runs several at once.</summary>
    IEmailSession OpenSession();
}

public interface IEmailSession : IAsyncDisposable
{
    /// <summary>Opens the connection now if it isn't open (otherwise the first send does).</summary>
    Task ConnectAsync(CancellationToken ct) => Task.CompletedTask;

    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>
/// SMTP through MailKit. A session keeps its connection (and MailKit pipelines MAIL FROM/RCPT TO/DATA where the server
/// offers PIPELINING); a failed send drops the connection, so the next message starts on a fresh one.
/// </summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public IEmailSession OpenSession() => new Session(options.Value.Smtp);

    private sealed class Session(SmtpOptions smtp) : IEmailSession
    {
        private SmtpClient? _client;

        public async Task ConnectAsync(CancellationToken ct)
        {
            try
            {
                await ConnectedAsync(ct);
            }
            catch
            {
                Drop();
                throw;
            }
        }

        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            try
            {
                await (await ConnectedAsync(ct)).SendAsync(message, ct);
            }
            catch
            {
                Drop(); // a half-finished SMTP dialogue is not reused
                throw;
            }
        }

        private async Task<SmtpClient> ConnectedAsync(CancellationToken ct)
        {
            if (_client is { IsConnected: true })
            {
                return _client;
            }

            _client?.Dispose();
            _client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
            await _client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await _client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }

            return _client;
        }

        private void Drop()
        {
            _client?.Dispose();
            _client = null;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is { IsConnected: true })
            {
                try
                {
                    await _client.DisconnectAsync(quit: true);
                }
                catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
                {
                    // The messages are sent; a QUIT that goes unanswered changes nothing.
                }
            }

            _client?.Dispose();
        }
    }
}

/// <summary>
/// Development without SMTP: each message becomes an .eml file that any mail program opens, named so a newcomer finds
/// the one she wants in a listing: <c>&lt;time&gt;-&lt;kind&gt;-&lt;recipient&gt;.eml</c> (the kind from the
/// <see cref="KindHeader"/> header), with the message's id added only when two would share a name. The same message
/// sent again (after a crash) overwrites its own file.
/// </summary>
public sealed class PickupFolderTransport(string directory) : IEmailTransport
{
    /// <summary>The header that names an email's kind (<see cref="Allyship.Web.Data.EmailKind"/>, in words: <c>weekly-summary</c>).</summary>
    public const string KindHeader = "X-Allyship-Kind";

    public string Directory { get; } = directory;

    public IEmailSession OpenSession() => new Session(Directory);

    /// <summary>The file name a message gets, before any clash: time, kind, recipient, each safe in a file name.</summary>
    public static string FileName(MimeMessage message)
    {
        var kind = message.Headers[KindHeader] ?? "email";
        var to = message.To.Mailboxes.FirstOrDefault()?.Address ?? "nobody";
        return $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{Safe(kind)}-{Safe(to)}.eml";
    }

    private static string Safe(string part) =>
        new(part.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' ? c : '-').ToArray());

    private sealed class Session(string directory) : IEmailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            System.IO.Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, FileName(message));
            if (File.Exists(path) && !await SameMessageAsync(path, message, ct))
            {
                path = Path.ChangeExtension(path, null) + $"-{Safe((message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0])}.eml";
            }

            await message.WriteToAsync(path, ct);
        }

        private static async Task<bool> SameMessageAsync(string path, MimeMessage message, CancellationToken ct) =>
            (await MimeMessage.LoadAsync(path, ct)).MessageId == message.MessageId;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
