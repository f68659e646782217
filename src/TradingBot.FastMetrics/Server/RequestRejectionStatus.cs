namespace TradingBot.FastMetrics.Server;

/// <summary>The one table that maps each <see cref="RequestRejection"/> to its status code.</summary>
/// <remarks>
/// Status codes per RFC 9110 section 15 (https://www.rfc-editor.org/rfc/rfc9110#section-15) and
/// RFC 6585 section 5 for 431 (https://www.rfc-editor.org/rfc/rfc6585#section-5).
/// </remarks>
internal static class RequestRejectionStatus
{
    /// <summary>Returns the status code a rejection is answered with.</summary>
    /// <param name="rejection">The rejection reason.</param>
    /// <returns>400, 404, 405, 408, 414, 431 or 505.</returns>
    public static int StatusCode(RequestRejection rejection) => rejection switch
    {
        RequestRejection.RequestLineTooLong => 414,
        RequestRejection.HeadersTooLarge or RequestRejection.TooManyHeaders => 431,
        RequestRejection.MethodNotAllowed => 405,
        RequestRejection.NotFound => 404,
        RequestRejection.HeadTooSlow => 408,
        RequestRejection.UnsupportedVersion => 505,
        RequestRejection.None => throw ServerThrowHelper.CreateArgumentOutOfRangeException(nameof(rejection)),
        _ => 400,
    };
}
