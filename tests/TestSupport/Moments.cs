using System.Net;
using System.Net.Sockets;

namespace Allyship.TestSupport;

/// <summary>Small helpers several test projects need, in one place (issue 32): a UTC moment, a free port.</summary>
internal static class Moments
{
    /// <summary>A moment in UTC, to the minute: <c>Utc(2026, 11, 25, 10)</c>.</summary>
    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}

/// <summary>A TCP port on the loopback nobody listens on now (for a test's own server).</summary>
internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
