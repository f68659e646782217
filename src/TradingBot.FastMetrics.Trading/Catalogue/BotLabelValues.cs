namespace TradingBot.FastMetrics.Trading.Catalogue;

/// <summary>Label values the bot uses by convention; dashboards and alerts refer to them.</summary>
/// <remarks>Any other value is accepted as well: these are the ones the bundled simulation and assets know.</remarks>
public static class BotLabelValues
{
    /// <summary>The <c>result</c> of a trade closed with a profit.</summary>
    public const string Win = "win";

    /// <summary>The <c>result</c> of a trade closed with a loss.</summary>
    public const string Loss = "loss";

    /// <summary>The <c>result</c> of a trade closed flat.</summary>
    public const string Breakeven = "breakeven";

    /// <summary>The <c>guard</c> that stops trading after the day's loss limit is reached.</summary>
    public const string DailyLossGuard = "daily_loss";

    /// <summary>The <c>guard</c> that caps the number of open positions.</summary>
    public const string MaxPositionsGuard = "max_positions";

    /// <summary>The <c>guard</c> that waits after a trade before trading the symbol again.</summary>
    public const string CooldownGuard = "cooldown";

    /// <summary>The <c>component</c> connecting to the exchange.</summary>
    public const string ExchangeComponent = "exchange";

    /// <summary>The <c>component</c> storing trades and state.</summary>
    public const string DatabaseComponent = "database";

    /// <summary>The <c>component</c> evaluating risk guards.</summary>
    public const string RiskEngineComponent = "risk_engine";

    /// <summary>The orphan <c>type</c> of a position the exchange holds and the bot does not know.</summary>
    public const string ExchangePositionOrphan = "exchange_position";

    /// <summary>The orphan <c>type</c> of an open order the exchange holds and the bot does not know.</summary>
    public const string ExchangeOrderOrphan = "exchange_order";

    /// <summary>The orphan <c>type</c> of a position the bot believes open and the exchange does not hold.</summary>
    public const string LocalPositionOrphan = "local_position";
}
