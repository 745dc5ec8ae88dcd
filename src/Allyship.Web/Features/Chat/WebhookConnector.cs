using System.Net;
using System.Net.Sockets;

namespace Allyship.Web.Features.Chat;

/// <summary>Turns a host name into addresses; tests put their own in its place so no name ever reaches a real DNS server.</summary>
public class ChatNameResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// Thrown by <see cref="WebhookConnector"/> when no connection was made (the name not found, the address refused, the
/// connection refused or not made in time): nothing of the post was sent, so it may safely be tried again. The handler
/// wraps it (in an HttpRequestException, or a cancellation on a timeout); the dispatcher finds it in the inner exceptions.
/// </summary>
public class WebhookNotReachedException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>Thrown when a webhook's name leads to an address a post may not go to; the dispatcher says so without the address.</summary>
public sealed class WebhookAddressRefusedException() : WebhookNotReachedException("The webhook's host resolved to an address chat posts may not go to.");

/// <summary>
/// The chat client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the name itself, checks every address
/// it got, and connects only to those checked addresses. The check happens at connect time, on the addresses actually
/// used, so a name that passed the save-time check and later resolves inside the network (DNS rebinding) is refused.
/// </summary>
public sealed class WebhookConnector(ChatNameResolver resolver, ChatWebhooks webhooks)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        try
        {
            return await ConnectCheckedAsync(context, ct);
        }
        catch (Exception ex) when (ex is not WebhookNotReachedException)
        {
            // Whatever went wrong here (the name, the socket, the time), no byte of the post has left yet.
            throw new WebhookNotReachedException("No connection to the webhook was made.", ex);
        }
    }

    private async Task<Stream> ConnectCheckedAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        if (!Allowed(addresses, webhooks.IsLocalTarget(host, port)))
        {
            throw new WebhookAddressRefusedException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Every address must pass (one bad answer among good ones is refused too): public ones, or loopback for a local exception.</summary>
    internal static bool Allowed(IReadOnlyList<IPAddress> addresses, bool localTarget) =>
        addresses.Count > 0 && addresses.All(a => localTarget ? IPAddress.IsLoopback(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a) : WebhookRules.IsPublic(a));
}
