using System;
using System.IO;

namespace TradingBot.FastMetrics.Server;

/// <summary>Thrown when the metrics server cannot listen on its host and port: the port is taken, or the host cannot be resolved or bound.</summary>
/// <remarks>The message names the host and port. Recording metrics is unaffected: only the server failed to start.</remarks>
public sealed class MetricsServerBindException : IOException
{
    /// <summary>Creates the exception.</summary>
    public MetricsServerBindException()
        : this(string.Empty, 0, "Cannot start the metrics server.", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MetricsServerBindException(string message)
        : this(string.Empty, 0, message, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MetricsServerBindException(string message, Exception? innerException)
        : this(string.Empty, 0, message, innerException)
    {
    }

    /// <summary>Creates the exception for a host and port.</summary>
    /// <param name="host">The host that could not be bound.</param>
    /// <param name="port">The port that could not be bound.</param>
    /// <param name="message">The message, naming both.</param>
    /// <param name="innerException">The socket error, if any.</param>
    public MetricsServerBindException(string host, int port, string message, Exception? innerException)
        : base(message, innerException)
    {
        Host = host;
        Port = port;
    }

    /// <summary>Gets the host the server tried to bind.</summary>
    public string Host { get; }

    /// <summary>Gets the port the server tried to bind.</summary>
    public int Port { get; }
}
