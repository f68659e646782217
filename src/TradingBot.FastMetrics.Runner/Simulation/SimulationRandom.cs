using System;

namespace TradingBot.FastMetrics.Runner.Simulation;

/// <summary>A small seeded generator (xoshiro256**), so a seed gives the same run on every runtime and machine.</summary>
/// <remarks>
/// Not <see cref="Random"/>: its seeded sequence is an implementation detail of the runtime, and the runner
/// promises reproducible runs. Not thread-safe; the simulated trader calls it under its own lock.
/// </remarks>
public sealed class SimulationRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a generator whose sequence depends only on <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public SimulationRandom(long seed)
    {
        // SplitMix64 spreads the seed over the four words, as the xoshiro authors recommend.
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Returns the next 64 random bits.</summary>
    /// <returns>A uniformly distributed value.</returns>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniform value in [0, 1).</summary>
    /// <returns>The value.</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniform integer in [0, <paramref name="count"/>).</summary>
    /// <param name="count">The number of possible values; positive.</param>
    /// <returns>The value.</returns>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)((NextUInt64() >> 33) * (ulong)count >> 31);
    }

    /// <summary>Returns <see langword="true"/> with probability <paramref name="probability"/>.</summary>
    /// <param name="probability">The probability, from 0 to 1.</param>
    /// <returns>The outcome.</returns>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Returns a standard normal value (mean 0, deviation 1), by the Box-Muller transform.</summary>
    /// <returns>The value.</returns>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        // 1 - u keeps the logarithm's argument in (0, 1].
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        double angle = 2.0 * Math.PI * NextDouble();
        _spareGaussian = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
