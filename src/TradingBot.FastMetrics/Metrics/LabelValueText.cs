using System;

namespace TradingBot.FastMetrics.Metrics;

/// <summary>The one spelling a label value is stored under: unpaired surrogates replaced with U+FFFD.</summary>
/// <remarks>
/// UTF-8 cannot carry an unpaired UTF-16 surrogate, so the exposition writes each as U+FFFD (EF BF BD),
/// exactly as <see cref="System.Text.Encoding.UTF8"/> does. Values that differ only there would export as
/// the same bytes, and one scrape would carry the same series twice (Prometheus keeps one). A family
/// therefore stores every value in this form, so two label sets are one series exactly when their exported
/// bytes are equal. Valid text (every value a look-up normally sees) is stored as given, so the look-up's
/// fast path compares the caller's string as it is; only a value with an unpaired surrogate misses it and
/// is normalised on the slow path.
/// </remarks>
internal static class LabelValueText
{
    private const char Replacement = '\uFFFD';

    /// <summary>Returns whether any value holds an unpaired surrogate.</summary>
    public static bool AnyUnpairedSurrogate(ReadOnlySpan<string> values)
    {
        foreach (string value in values)
        {
            if (FirstUnpairedSurrogate(value) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns a copy of <paramref name="values"/> with every unpaired surrogate replaced by U+FFFD.</summary>
    public static string[] Normalise(ReadOnlySpan<string> values)
    {
        var normalised = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            normalised[i] = Normalise(values[i]);
        }

        return normalised;
    }

    /// <summary>Returns <paramref name="value"/> with every unpaired surrogate replaced by U+FFFD (itself when there is none).</summary>
    public static string Normalise(string value)
    {
        int first = FirstUnpairedSurrogate(value);
        if (first < 0)
        {
            return value;
        }

        return string.Create(value.Length, (value, first), static (span, state) =>
        {
            state.value.AsSpan().CopyTo(span);
            for (int i = state.first; i < span.Length; i++)
            {
                char c = span[i];
                if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    span[i] = Replacement;
                }
            }
        });
    }

    private static int FirstUnpairedSurrogate(string? value)
    {
        if (value is null)
        {
            // Null values are the caller's to reject; there is nothing to replace in them.
            return -1;
        }

        // Vectorised scan for any surrogate first: valid text without one (nearly every value) ends here.
        int i = value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return -1;
        }

        for (; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }
}
