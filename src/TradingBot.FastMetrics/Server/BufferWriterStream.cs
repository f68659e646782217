using System;
using System.Buffers;
using System.IO;

namespace TradingBot.FastMetrics.Server;

/// <summary>A write-only <see cref="Stream"/> that appends to an <see cref="IBufferWriter{T}"/>, so GZipStream can write into pooled memory.</summary>
internal sealed class BufferWriterStream : Stream
{
    private IBufferWriter<byte>? _target;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw ServerThrowHelper.CreateNotSupportedException();

    public override long Position
    {
        get => throw ServerThrowHelper.CreateNotSupportedException();
        set => throw ServerThrowHelper.CreateNotSupportedException();
    }

    /// <summary>Points the stream at a new target.</summary>
    /// <param name="target">The buffer to append to.</param>
    public void SetTarget(IBufferWriter<byte> target) => _target = target;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        IBufferWriter<byte> target = _target ?? throw ServerThrowHelper.CreateInvalidOperationException("BufferWriterStream has no target.");
        target.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw ServerThrowHelper.CreateNotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw ServerThrowHelper.CreateNotSupportedException();

    public override void SetLength(long value) => throw ServerThrowHelper.CreateNotSupportedException();
}
