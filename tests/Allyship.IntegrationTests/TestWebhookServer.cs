using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Allyship.IntegrationTests;

/// <summary>
/// A local stand-in for a Slack or Teams incoming webhook: records every request (as it arrives); can refuse, redirect or
/// answer the next few late, and run a test's check while a request waits for its answer. Requests are served at once.
/// </summary>
public sealed class TestWebhookServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly ConcurrentQueue<(string Path, string Body, int Status)> _requests = new();
    private int _failNext;
    private int _redirectNext;
    private int _slowNext;
    private TimeSpan _slowBy;
    private Func<Task>? _whileWaiting;
    private string _redirectTo = "/";

    public TestWebhookServer()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Every request, in order, with the status it was answered with.</summary>
    public IReadOnlyList<(string Path, string Body, int Status)> Requests => _requests.ToList();

    /// <summary>The posts the "chat" accepted on this path.</summary>
    public IReadOnlyList<string> Accepted(string path) => _requests.Where(r => r.Path == path && r.Status == 200).Select(r => r.Body).ToList();

    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>Answers the next <paramref name="count"/> requests with a 307 to <paramref name="location"/> (a 307 re-posts the body).</summary>
    public void RedirectNext(int count, string location)
    {
        _redirectTo = location;
        Interlocked.Exchange(ref _redirectNext, count);
    }

    /// <summary>Takes the next <paramref name="count"/> posts (they are in the channel) but answers each only after <paramref name="delay"/>.</summary>
    public void AnswerLate(int count, TimeSpan delay)
    {
        _slowBy = delay;
        Interlocked.Exchange(ref _slowNext, count);
    }

    /// <summary>Runs <paramref name="check"/> when the next request has arrived, before it is answered: the sender is mid-request.</summary>
    public void WhileNextWaits(Func<Task> check) => _whileWaiting = check;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = Interlocked.Decrement(ref _redirectNext) >= 0 ? 307 : Interlocked.Decrement(ref _failNext) >= 0 ? 500 : 200;
            _requests.Enqueue((context.Request.Url!.AbsolutePath, body, status));
            if (Interlocked.Exchange(ref _whileWaiting, null) is { } check)
            {
                await check();
            }

            if (Interlocked.Decrement(ref _slowNext) >= 0)
            {
                await Task.Delay(_slowBy);
            }

            context.Response.StatusCode = status;
            if (status == 307)
            {
                context.Response.RedirectLocation = _redirectTo;
            }

            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (a timeout) or the server was closed: nobody is left to answer.
        }
    }

    /// <summary>Stops listening and waits for the serving loop: nothing is left accepting after the test.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _serving;
    }
}
