using System.Net;
using System.Net.Sockets;

namespace Portal.Tests.RateLimits;

/// <summary>HTTP clients whose connections come from a chosen loopback address (127.0.0.0/8), so a real server sees distinct clients.</summary>
public static class LoopbackClients
{
    public static HttpClient From(string baseUrl, string localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    }
}
