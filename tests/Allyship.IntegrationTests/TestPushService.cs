using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Allyship.IntegrationTests;

/// <summary>
/// A push service on 127.0.0.1, in the process: it takes Web Push requests as Firebase or Mozilla would (201 Created), or
/// answers what a test tells it to (410 Gone for an ended subscription). <see cref="Subscriber"/> plays the browser: its
/// key pair and secret make the subscription, and it decrypts what arrived (RFC 8291 over RFC 8188's aes128gcm) with them.
/// </summary>
public sealed class TestPushService : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);

    public sealed record Received(string Path, byte[] Body, string? ContentEncoding, string? Authorization, string? Topic, string? Ttl, string? Urgency);

    public TestPushService()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public IReadOnlyList<Received> ReceivedBy(Subscriber subscriber) => _received.Where(r => r.Path == subscriber.Path).ToList();

    /// <summary>From now on, requests for <paramref name="subscriber"/> are answered with <paramref name="status"/>.</summary>
    public void Answer(Subscriber subscriber, HttpStatusCode status) => _answers[subscriber.Path] = (int)status;

    /// <summary>A browser's subscription at this push service: a new endpoint, key pair and authentication secret.</summary>
    public Subscriber Subscribe() => new($"http://127.0.0.1:{Port}", $"/push/{Guid.NewGuid():N}");

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

            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var headers = context.Request.Headers;
                _received.Enqueue(new Received(context.Request.Url!.AbsolutePath, body.ToArray(), headers["Content-Encoding"], headers["Authorization"],
                    headers["Topic"], headers["TTL"], headers["Urgency"]));
                context.Response.StatusCode = _answers.TryGetValue(context.Request.Url!.AbsolutePath, out var status) ? status : 201;
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
            {
                // the app gave up on this request
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    /// <summary>The browser's side of one subscription.</summary>
    public sealed class Subscriber(string origin, string path) : IDisposable
    {
        private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        private readonly byte[] _auth = RandomNumberGenerator.GetBytes(16);

        public string Path => path;

        public string Endpoint => origin + path;

        public byte[] PublicKey
        {
            get
            {
                var q = _key.ExportParameters(false).Q;
                return [0x04, .. q.X!, .. q.Y!];
            }
        }

        /// <summary>What the page's script puts in the form: PushSubscription.toJSON()'s endpoint and keys.</summary>
        public Dictionary<string, string> FormFields => new()
        {
            ["Endpoint"] = Endpoint, ["P256dh"] = Base64Url.EncodeToString(PublicKey), ["Auth"] = Base64Url.EncodeToString(_auth),
        };

        /// <summary>Decrypts a message as the browser does (RFC 8291, aes128gcm): its JSON.</summary>
        public JsonObject Decrypt(Received message)
        {
            message.ContentEncoding.ShouldBe("aes128gcm");
            var body = message.Body;
            var salt = body[..16];
            var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
            var idLength = body[20];
            var serverPublic = body[21..(21 + idLength)];
            var cipher = body[(21 + idLength)..];
            cipher.Length.ShouldBeLessThanOrEqualTo((int)recordSize, "one record");

            using var server = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = serverPublic[1..33], Y = serverPublic[33..65] },
            });
            var shared = _key.DeriveRawSecretAgreement(server.PublicKey);
            byte[] keyInfo = [.. "WebPush: info\0"u8, .. PublicKey, .. serverPublic];
            var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, _auth, keyInfo);
            var cek = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, "Content-Encoding: aes128gcm\0"u8.ToArray());
            var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, "Content-Encoding: nonce\0"u8.ToArray());

            var plain = new byte[cipher.Length - 16];
            using (var aes = new AesGcm(cek, 16))
            {
                aes.Decrypt(nonce, cipher[..^16], cipher[^16..], plain);
            }

            // The last record ends with the delimiter 2, then any padding zeros.
            var end = Array.LastIndexOf(plain, (byte)2);
            plain[(end + 1)..].ShouldAllBe(b => b == 0);
            return JsonNode.Parse(Encoding.UTF8.GetString(plain, 0, end))!.AsObject();
        }

        /// <summary>
        /// Checks the VAPID header (RFC 8292) as a push service does: "vapid t=JWT, k=key", the key the page subscribed
        /// with, the JWT signed by it (ES256) for this push service's origin.
        /// </summary>
        public void ShouldBeSignedBy(Received message, string serverPublicKey)
        {
            var header = message.Authorization.ShouldNotBeNull();
            header.ShouldStartWith("vapid ");
            var parts = header[6..].Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            parts["k"].ShouldBe(serverPublicKey);
            var jwt = parts["t"].Split('.');
            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(jwt[1]))!;
            // The push service's origin (the library leaves out the port, which is the default one at every real push service).
            claims["aud"]!.GetValue<string>().ShouldBe($"{new Uri(origin).Scheme}://{new Uri(origin).Host}");
            var key = Base64Url.DecodeFromChars(serverPublicKey);
            using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key[1..33], Y = key[33..65] } });
            verifier.VerifyData(Encoding.ASCII.GetBytes(jwt[0] + "." + jwt[1]), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256).ShouldBeTrue("signed by the server's VAPID key");
        }

        public void Dispose() => _key.Dispose();
    }
}
