using System.Net;
using System.Net.Sockets;

namespace TradingBot.FastMetrics.Tests.Infrastructure;

/// <summary>Finds a loopback port that is free right now, for child processes that need a port number up front.</summary>
public static class FreeTcpPort
{
    public static int Find()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
