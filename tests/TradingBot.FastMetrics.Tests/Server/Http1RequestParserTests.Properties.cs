using System;
using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using TradingBot.FastMetrics.Server;
using TradingBot.FastMetrics.Tests.Infrastructure;

namespace TradingBot.FastMetrics.Tests.Server;

/// <content>FsCheck properties: any input gets a defined outcome, the same however it is segmented.</content>
public sealed partial class Http1RequestParserTests
{
    private static readonly byte[] s_interesting = "\r\n :\t\0/?#HTTP1.0GETHEADContent-LengthTransfer-EncodingHost,;=\u007f\u0080\u00ff"u8.ToArray();

    [Property(MaxTest = 3000)]
    public bool TryParse_RandomBytes_NeverThrowsAndGivesDefinedOutcome(byte[] bytes) =>
        IsDefinedAndSegmentationIndependent(bytes ?? []);

    [Property(MaxTest = 3000)]
    public bool TryParse_MutatedValidRequest_NeverThrowsAndGivesDefinedOutcome(NonNegativeInt position, byte value, NonNegativeInt operation, NonNegativeInt count)
    {
        byte[] bytes = Mutate(s_scrape, position.Get, value, operation.Get, 1 + (count.Get % 4));
        return IsDefinedAndSegmentationIndependent(bytes);
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_ValidRequestWithInterestingBytesInserted_NeverThrowsAndGivesDefinedOutcome(NonNegativeInt position, NonNegativeInt pick)
    {
        int at = position.Get % (s_scrape.Length + 1);
        byte[] bytes = [.. s_scrape.AsSpan(0, at), s_interesting[pick.Get % s_interesting.Length], .. s_scrape.AsSpan(at)];
        return IsDefinedAndSegmentationIndependent(bytes);
    }

    private static byte[] Mutate(byte[] source, int position, byte value, int operation, int count)
    {
        byte[] bytes = (byte[])source.Clone();
        int at = position % bytes.Length;
        switch (operation % 4)
        {
            case 0:
                for (int i = 0; i < count && at + i < bytes.Length; i++)
                {
                    bytes[at + i] = value;
                }

                return bytes;
            case 1:
                return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(Math.Min(bytes.Length, at + count))];
            case 2:
                byte[] inserted = new byte[count];
                inserted.AsSpan().Fill(value);
                return [.. bytes.AsSpan(0, at), .. inserted, .. bytes.AsSpan(at)];
            default:
                return [.. bytes.AsSpan(0, at), .. Encoding.ASCII.GetBytes(PrometheusScrape)];
        }
    }

    private static bool IsDefinedAndSegmentationIndependent(byte[] bytes)
    {
        var whole = new ReadOnlySequence<byte>(bytes);
        (ParseStatus status, RequestRejection rejection, long consumed) = ParseChecked(whole);
        foreach (int size in new[] { 1, 7 })
        {
            ReadOnlySequence<byte> split = MultiSegmentSequence.Chunked(bytes, size);
            if (ParseChecked(split) != (status, rejection, consumed))
            {
                return false;
            }
        }

        return true;
    }

    private static (ParseStatus Status, RequestRejection Rejection, long Consumed) ParseChecked(ReadOnlySequence<byte> buffer)
    {
        ParseStatus status = Http1RequestParser.TryParse(buffer, HttpParserLimits.Default, out _, out SequencePosition consumed, out RequestRejection rejection);
        long consumedBytes = buffer.Slice(buffer.Start, consumed).Length;
        bool defined = status switch
        {
            ParseStatus.NeedMoreData => rejection == RequestRejection.None && consumedBytes == 0,
            ParseStatus.Rejected => rejection != RequestRejection.None && RequestRejectionStatus.StatusCode(rejection) is 400 or 404 or 405 or 414 or 431 or 505,
            ParseStatus.Complete => rejection == RequestRejection.None && consumedBytes > 0 && consumedBytes <= buffer.Length,
            _ => false,
        };
        if (!defined)
        {
            throw new InvalidOperationException($"Undefined outcome {status}/{rejection}/{consumedBytes} for {Convert.ToHexString(buffer.ToArray())}");
        }

        return (status, rejection, consumedBytes);
    }
}
