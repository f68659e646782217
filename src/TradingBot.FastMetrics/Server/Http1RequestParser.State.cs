namespace TradingBot.FastMetrics.Server;

/// <content>The progress kept between calls on one request head, so a head that arrives in pieces is parsed once.</content>
internal static partial class Http1RequestParser
{
    /// <summary>How far parsing of one request head got; offsets are from the start of the head.</summary>
    /// <remarks>
    /// Mutable struct, do not make readonly: the connection keeps one per head and the parser advances it
    /// through a ref. Values sliced from earlier reads (Accept, Authorization) stay valid because the
    /// connection does not advance its <c>PipeReader</c> past the head's start until the head is answered.
    /// </remarks>
    internal struct ParseState
    {
        /// <summary>Offset of the first byte of the next line not parsed yet.</summary>
        public long LineStart;

        /// <summary>Offset up to which the line starting at <see cref="LineStart"/> is known to have no LF.</summary>
        public long ScannedTo;

        /// <summary>Bytes the parser has searched or parsed for this head: the linear-cost measure tests assert on.</summary>
        public long BytesExamined;

        public bool HasRequestLine;

        public HttpMethod Method;

        public RequestTarget Target;

        public bool IsHttp11;

        public RequestRejection Deferred;

        public FieldState Fields;

        public long HeaderBytes;

        public int HeaderCount;
    }
}
