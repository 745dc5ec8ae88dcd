using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Allyship.Web.Infrastructure.Database;

/// <summary>The cache's settings (section <c>Cache</c>), validated at start.</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>
    /// The memory the cache may hold, in megabytes (estimated per entry; the least recently used go first when full).
    /// The default holds every mentor's week and the dashboards of a 30,000-mentor program (docs/performance.md).
    /// </summary>
    [Range(16, 65_536, ErrorMessage = "Cache:MaxMegabytes must be between 16 and 65536.")]
    public int MaxMegabytes { get; set; } = 512;

    /// <summary>
    /// On PostgreSQL, how long a value is kept at most while this instance cannot hear the others' changes (its
    /// listening connection is down or <see cref="Listen"/> is off).
    /// </summary>
    [Range(1, 3_600, ErrorMessage = "Cache:UnconfirmedLifetimeSeconds must be between 1 and 3600.")]
    public int UnconfirmedLifetimeSeconds { get; set; } = 30;

    /// <summary>
    /// On PostgreSQL, listen for the other instances' changes (LISTEN/NOTIFY). Off only where the database cannot
    /// LISTEN (a pooler in transaction mode): values are then kept for <see cref="UnconfirmedLifetimeSeconds"/> at most.
    /// </summary>
    public bool Listen { get; set; } = true;
}

/// <summary>Whether this instance hears every other instance's committed changes now, and since when it has not.</summary>
public sealed class CacheChannelState
{
    private volatile bool _confirmed;

    /// <summary>True on SQLite (one instance, nothing to hear) and on PostgreSQL while the listening connection is up.</summary>
    public bool Confirmed => _confirmed;

    /// <summary>When the listening connection went down (or the instance started without it); null while it is up.</summary>
    public DateTimeOffset? DownSince { get; private set; }

    internal void Up()
    {
        DownSince = null;
        _confirmed = true;
    }

    internal void Down(DateTimeOffset at)
    {
        if (_confirmed || DownSince is null)
        {
            DownSince = at;
        }

        _confirmed = false;
    }
}

/// <summary>
/// The other instances' changes (issue 33, ADR 20). On PostgreSQL every commit's cache tags are published with
/// <c>pg_notify</c> right after the commit, and each instance keeps one connection LISTENing on the channel: a message from
/// another instance drops the same tags here. When the connection drops, this instance drops its whole cache and keeps
/// new values only briefly (<see cref="CacheOptions.UnconfirmedLifetimeSeconds"/>) until it listens again, after a
/// growing pause; then it drops everything once more (it may have missed messages meanwhile). On SQLite (one instance)
/// there is no channel.
/// </summary>
public sealed class CacheChannel : IHostedService, IAsyncDisposable
{
    /// <summary>The notification channel's name.</summary>
    public const string Name = "allyship_cache";

    /// <summary>PostgreSQL refuses a payload of 8000 bytes or more; tags go in pieces below that.</summary>
    private const int MaxPayloadBytes = 7_900;

    /// <summary>More pieces than this for one commit (a bulk change of thousands of rows): the others drop everything instead.</summary>
    private const int MaxPieces = 16;

    /// <summary>How often an idle listening connection is asked whether it is still alive.</summary>
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    /// <summary>This instance's messages start with its id, so it ignores its own (it dropped those tags at the commit).</summary>
    private readonly string _instance = Guid.NewGuid().ToString("N");

    private readonly DataChanges _changes;
    private readonly CacheChannelState _state;
    private readonly TimeProvider _clock;
    private readonly ILogger<CacheChannel> _log;
    private readonly NpgsqlDataSource? _source;
    private readonly bool _listen;
    private readonly System.Threading.Channels.Channel<string[]> _outbox = System.Threading.Channels.Channel.CreateUnbounded<string[]>(new() { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private Task _listening = Task.CompletedTask;
    private Task _publishing = Task.CompletedTask;
    private int _disposed;

    public CacheChannel(IConfiguration configuration, DataChanges changes, CacheChannelState state, IOptions<CacheOptions> options, TimeProvider clock,
        ILogger<CacheChannel> log)
    {
        (_changes, _state, _clock, _log) = (changes, state, clock, log);
        if (DatabaseProvider.Of(configuration) != DatabaseProvider.Postgres)
        {
            state.Up(); // one instance: nothing to hear
            return;
        }

        // Its own small pool: publishing never waits behind the requests' connections. Keepalive notices a dead listener.
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Allyship")) { KeepAlive = 5, MaxPoolSize = 2, Enlist = false };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        _listen = options.Value.Listen;
        state.Down(clock.GetUtcNow());
    }

    /// <summary>Tells the other instances that these tags' data changed (called by the commit hook after a commit).</summary>
    internal void Publish(string[] tags)
    {
        if (_source is not null)
        {
            _outbox.Writer.TryWrite(tags);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_source is null)
        {
            return;
        }

        _publishing = Task.Run(() => PublishLoopAsync(_stopping.Token), CancellationToken.None);
        if (_listen)
        {
            // The first connection is made before the app serves, so a healthy start is confirmed from its first request.
            var first = await TryListenAsync(cancellationToken);
            _listening = Task.Run(() => ListenLoopAsync(first, _stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _outbox.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_listening, _publishing).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping anyway
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync(); // disposed without a stop (a host that failed to start): the loops end here
        _outbox.Writer.TryComplete();
        await Task.WhenAll(_listening, _publishing);
        _stopping.Dispose();
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    private async Task<NpgsqlConnection?> TryListenAsync(CancellationToken ct)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _source!.OpenConnectionAsync(ct);
            connection.Notification += (_, e) => Heard(e.Payload);
            await using (var listen = new NpgsqlCommand($"LISTEN {Name}", connection))
            {
                await listen.ExecuteNonQueryAsync(ct);
            }

            // Whatever was kept before may have missed changes while nobody listened: start afresh, then trust the channel.
            _changes.Signal([DataChanges.Everything]);
            _state.Up();
            _log.LogInformation("Listening for other instances' changes on channel {Channel}", Name);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException or InvalidOperationException)
        {
            _log.LogWarning(e, "Cannot listen for other instances' changes; values are kept for a short while only until it can");
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            return null;
        }
    }

    private async Task ListenLoopAsync(NpgsqlConnection? connection, CancellationToken ct)
    {
        var pause = FirstPause;
        while (!ct.IsCancellationRequested)
        {
            if (connection is null)
            {
                try
                {
                    await Task.Delay(pause, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                pause = pause * 2 > LongestPause ? LongestPause : pause * 2;
                connection = await TryListenAsync(ct);
                continue;
            }

            pause = FirstPause;
            try
            {
                // Messages arrive while waiting; an idle connection is pinged so a silent outage is noticed.
                if (!await connection.WaitAsync(PingEvery, ct))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _state.Down(_clock.GetUtcNow());
                _changes.Signal([DataChanges.Everything]); // messages may be lost from here on: nothing kept so far is trusted
                _log.LogWarning(e, "Lost the connection listening for other instances' changes; listening again shortly");
                await connection.DisposeAsync();
                connection = null;
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private void Heard(string payload)
    {
        var lines = payload.Split('\n');
        if (lines.Length < 2 || lines[0] == _instance)
        {
            return;
        }

        _changes.Signal(lines.Skip(1).Where(t => t.Length > 0));
    }

    /// <summary>Sends what the commits since the last round changed, a few messages per round; retries after a failure.</summary>
    private async Task PublishLoopAsync(CancellationToken ct)
    {
        var reader = _outbox.Reader;
        var pause = FirstPause;
        try
        {
            while (await reader.WaitToReadAsync(ct))
            {
                var tags = new HashSet<string>(StringComparer.Ordinal);
                while (reader.TryRead(out var more))
                {
                    tags.UnionWith(more);
                }

                while (true)
                {
                    try
                    {
                        await SendAsync(tags, ct);
                        pause = FirstPause;
                        break;
                    }
                    catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException)
                    {
                        _log.LogWarning(e, "Could not tell the other instances about {Count} changed cache tags; trying again", tags.Count);
                        await Task.Delay(pause, ct);
                        pause = pause * 2 > LongestPause ? LongestPause : pause * 2;
                        while (reader.TryRead(out var more))
                        {
                            tags.UnionWith(more);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task SendAsync(HashSet<string> tags, CancellationToken ct)
    {
        var pieces = Pieces(tags);
        await using var connection = await _source!.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var piece in pieces.Count > MaxPieces ? [Pieces([DataChanges.Everything])[0]] : pieces)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = Name }, new() { Value = piece } } });
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tags as payloads under PostgreSQL's limit, each starting with this instance's id.</summary>
    private List<string> Pieces(IEnumerable<string> tags)
    {
        var pieces = new List<string>();
        var piece = new StringBuilder(_instance);
        var bytes = _instance.Length;
        foreach (var tag in tags)
        {
            var more = Encoding.UTF8.GetByteCount(tag) + 1;
            if (bytes + more > MaxPayloadBytes)
            {
                pieces.Add(piece.ToString());
                piece.Clear().Append(_instance);
                bytes = _instance.Length;
            }

            piece.Append('\n').Append(tag);
            bytes += more;
        }

        pieces.Add(piece.ToString());
        return pieces;
    }
}
