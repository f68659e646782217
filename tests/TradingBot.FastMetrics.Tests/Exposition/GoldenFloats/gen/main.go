// Command gen prints the golden table of Go's shortest %g float formatting that
// Utf8NumberFormatterGoldenTests compares our formatter against, byte for byte.
//
// Each line is the IEEE 754 bit pattern in 16 hex digits, one space, and
// strconv.FormatFloat(v, 'g', -1, 64). Regenerate (from the repository root) with
//
//	GO111MODULE=off go run tests/TradingBot.FastMetrics.Tests/Exposition/GoldenFloats/gen/main.go | gzip -9n > tests/TradingBot.FastMetrics.Tests/Exposition/GoldenFloats/golden-floats.txt.gz
package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"strconv"
)

var out = bufio.NewWriterSize(os.Stdout, 1<<20)

func emitBits(bits uint64) {
	f := math.Float64frombits(bits)
	fmt.Fprintf(out, "%016x %s\n", bits, strconv.FormatFloat(f, 'g', -1, 64))
}

func emit(f float64) { emitBits(math.Float64bits(f)) }

// emitBoth writes f and -f.
func emitBoth(f float64) {
	emit(f)
	emit(-f)
}

// emitNeighbours writes f, the doubles one and two ulps either side of it, and their negations.
func emitNeighbours(f float64) {
	bits := math.Float64bits(math.Abs(f))
	for d := -2; d <= 2; d++ {
		b := uint64(int64(bits) + int64(d))
		if b > 0x7ff0000000000000 {
			continue
		}
		emitBits(b)
		emitBits(b | 1<<63)
	}
}

func parse(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func main() {
	defer out.Flush()
	rng := rand.New(rand.NewSource(20261130))

	// Specials and zeros.
	emitBits(0)
	emitBits(1 << 63)
	emit(math.Inf(1))
	emit(math.Inf(-1))
	emit(math.NaN())

	// Every decade from the smallest subnormal to the largest double, with 1 to 17 significant digits,
	// two digit patterns (a fixed one and a random one per decade), both signs.
	const fixed = "12345678901234567"
	for e := -324; e <= 308; e++ {
		random := make([]byte, 17)
		for i := range random {
			random[i] = byte('0' + rng.Intn(10))
		}
		random[0] = byte('1' + rng.Intn(9))
		for _, pattern := range []string{fixed, string(random)} {
			for n := 1; n <= 17; n++ {
				s := pattern[:1]
				if n > 1 {
					s += "." + pattern[1:n]
				}
				s += "e" + strconv.Itoa(e)
				if f, ok := parse(s); ok && f != 0 {
					emitBoth(f)
				}
			}
		}
	}

	// Powers of two (every exponent, subnormals included) and of ten, with their neighbours.
	for e := -1074; e <= 1023; e++ {
		emitNeighbours(math.Ldexp(1, e))
	}
	for e := -323; e <= 308; e++ {
		if f, ok := parse("1e" + strconv.Itoa(e)); ok {
			emitNeighbours(f)
		}
	}
	emitNeighbours(math.MaxFloat64)
	emitNeighbours(math.SmallestNonzeroFloat64)
	emitNeighbours(0x1p-1022) // smallest normal

	// The switch points of the exponent form (Go: exponent < -4 or >= 6) and the ones other
	// languages use (1e21), approached from both sides.
	for _, s := range []string{
		"1e-4", "1e-5", "1e-3", "9.9999e-5", "9.99999999999999e-5", "0.00009999999999999999",
		"0.00010000000000000001", "0.0001234567890123456", "0.00012345678901234567",
		"0.00030000000000000003", "0.000017", "0.000056", "5e-5",
		"999999", "999999.5", "999999.9999999999", "1e6", "1000000.5", "1e20", "1e21", "1e22",
		"999999999999999999999", "100000000000000000000", "123456789012345678901",
	} {
		f, _ := parse(s)
		emitNeighbours(f)
	}
	for i := 1; i <= 9; i++ {
		for _, e := range []int{-6, -5, -4, -3, 5, 6, 7, 20, 21, 22} {
			f, _ := parse(strconv.Itoa(i) + "e" + strconv.Itoa(e))
			emitNeighbours(f)
		}
	}

	// Whole numbers around 2^53 and 2^63, and small whole numbers.
	for k := int64(-200); k <= 200; k++ {
		emitBoth(float64(int64(1)<<53 + k))
	}
	emitNeighbours(math.Ldexp(1, 63))
	emitNeighbours(float64(math.MaxInt64))
	emitNeighbours(float64(math.MinInt64))
	emitNeighbours(math.Ldexp(1, 64))
	for k := 0; k <= 2000; k++ {
		emitBoth(float64(k))
		emitBoth(float64(k) / 10)
		emitBoth(float64(k) / 1000)
	}

	// Random bit patterns: uniform over all 64 bits, then uniform mantissas with exponents
	// between 1e-7 and 1e8, where the fixed layout and its switch points are.
	for i := 0; i < 100000; i++ {
		emitBits(rng.Uint64())
	}
	for i := 0; i < 20000; i++ {
		exponent := uint64(1023-24+rng.Intn(24+27)) << 52
		emitBits(uint64(rng.Int63n(2))<<63 | exponent | rng.Uint64()&(1<<52-1))
	}
}
