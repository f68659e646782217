using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace TradingBot.FastMetrics.Server;

/// <summary>Out-of-line throws for the server layer, so callers' paths stay small.</summary>
internal static class ServerThrowHelper
{
    [DoesNotReturn]
    public static void ThrowBindException(string host, int port, string reason, Exception? inner) =>
        throw CreateBindException(host, port, reason, inner);

    [DoesNotReturn]
    public static void ThrowArgumentException_BindAny(string host, string paramName) =>
        throw CreateArgumentException(
            $"Host '{host}' binds the metrics server to every network interface; set MetricsServerOptions.AllowBindToAnyAddress to do that on purpose.",
            paramName);

    [DoesNotReturn]
    public static void ThrowInvalidOperationException_AlreadyStarted() =>
        throw CreateInvalidOperationException("The metrics server was already started; create a new MetricsServer to start again.");

    [DoesNotReturn]
    public static void ThrowInvalidOperationException_Certificate(string path, Exception inner) =>
        throw CreateInvalidOperationException($"Cannot load the TLS certificate from '{path}': {inner.Message}", inner);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static NotSupportedException CreateNotSupportedException() => new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static InvalidOperationException CreateInvalidOperationException(string message, Exception? inner = null) => new(message, inner);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ArgumentOutOfRangeException CreateArgumentOutOfRangeException(string paramName) => new(paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MetricsServerBindException CreateBindException(string host, int port, string reason, Exception? inner) =>
        new(host, port, $"Cannot start the metrics server on {FormatEndPoint(host, port)}: {reason}", inner);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException CreateArgumentException(string message, string paramName) => new(message, paramName);

    private static string FormatEndPoint(string host, int port) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
}
