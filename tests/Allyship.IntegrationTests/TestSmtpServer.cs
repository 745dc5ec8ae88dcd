using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Allyship.IntegrationTests;

/// <summary>
/// A real SMTP server in-process on a free loopback port. Stop it to make the app's SMTP connections fail; start it
/// again on the same port to let them through.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    public int Port { get; } = Allyship.TestSupport.Ports.Free();

    public IReadOnlyCollection<MimeMessage> Received => _received;

    /// <summary>How long the server takes to accept each message (a slow relay): zero unless a test sets it.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Runs after a message is received and before the server answers 250 (a slow server; a kill at that moment).</summary>
    public Func<MimeMessage, Task>? OnReceived { get; set; }

    public IReadOnlyList<MimeMessage> To(string address) =>
        _received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        _stop = new CancellationTokenSource();
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        WaitUntil(listening: true);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The library's listener can be closed under a pending accept as it stops: it has stopped all the same.
        }

        _stop.Dispose();
        _stop = null;
        _running = null;
        WaitUntil(listening: false);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void WaitUntil(bool listening)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                if (listening)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                if (!listening)
                {
                    return;
                }
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException($"SMTP test server did not {(listening ? "start" : "stop")} on port {Port}");
    }


    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.Delay > TimeSpan.Zero)
            {
                await Task.Delay(server.Delay, cancellationToken);
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            server._received.Enqueue(message);
            if (server.OnReceived is { } received)
            {
                await received(message);
            }

            return SmtpResponse.Ok;
        }
    }
}
