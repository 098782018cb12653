package openleash

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// RFC 8785 Appendix B: IEEE 754 bit patterns and their required serialization.
var appendixB = [][2]string{
	{"0000000000000000", "0"}, {"8000000000000000", "0"},
	{"0000000000000001", "5e-324"}, {"8000000000000001", "-5e-324"},
	{"7fefffffffffffff", "1.7976931348623157e+308"}, {"ffefffffffffffff", "-1.7976931348623157e+308"},
	{"4340000000000000", "9007199254740992"}, {"c340000000000000", "-9007199254740992"},
	{"4430000000000000", "295147905179352830000"},
	{"44b52d02c7e14af5", "9.999999999999997e+22"}, {"44b52d02c7e14af6", "1e+23"},
	{"44b52d02c7e14af7", "1.0000000000000001e+23"},
	{"444b1ae4d6e2ef4e", "999999999999999700000"}, {"444b1ae4d6e2ef4f", "999999999999999900000"},
	{"444b1ae4d6e2ef50", "1e+21"},
	{"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"}, {"3eb0c6f7a0b5ed8d", "0.000001"},
	{"41b3de4355555553", "333333333.3333332"}, {"41b3de4355555554", "333333333.33333325"},
	{"41b3de4355555555", "333333333.3333333"}, {"41b3de4355555556", "333333333.3333334"},
	{"41b3de4355555557", "333333333.33333343"},
	{"becbf647612f3696", "-0.0000033333333333333333"}, {"43143ff3c1cb0959", "1424953923781206.2"},
}

func TestFormatNumberAppendixB(t *testing.T) {
	for _, c := range appendixB {
		raw, _ := hex.DecodeString(c[0])
		v := math.Float64frombits(binary.BigEndian.Uint64(raw))
		if got := FormatNumber(v); got != c[1] {
			t.Errorf("%s: got %s, want %s", c[0], got, c[1])
		}
	}
}

func TestCanonicalizeSection324Example(t *testing.T) {
	in := `{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],` +
		`"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}`
	want := `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],` +
		`"string":"€$\u000f\nA'B\"\\\\\"/"}`
	got, err := CanonicalizeJSON([]byte(in))
	if err != nil || string(got) != want {
		t.Fatalf("got %s (%v)\nwant %s", got, err, want)
	}
}

func TestMembersSortByUTF16CodeUnits(t *testing.T) {
	got, err := Canonicalize(map[string]int{"\ufb33": 1, "\U0001F600": 2, "a": 3, "\r": 4, "ö": 5})
	want := "{\"\\r\":4,\"a\":3,\"ö\":5,\"\U0001F600\":2,\"\ufb33\":1}"
	if err != nil || string(got) != want {
		t.Fatalf("got %s (%v), want %s", got, err, want)
	}
}

func TestBigIntegersAreDoubles(t *testing.T) {
	got, err := CanonicalizeJSON([]byte(`[9007199254740993, 1152921504606846976, 1000000000000000000000]`))
	if err != nil || string(got) != "[9007199254740992,1152921504606847000,1e+21]" {
		t.Fatalf("got %s (%v)", got, err)
	}
	// A Go int64 beyond 2^53 is hashed as the double the server reads.
	a, _ := ActionHash(map[string]any{"n": int64(9007199254740993)})
	b, _ := ActionHash(json.RawMessage(`{"n":9007199254740992}`))
	if a != b || len(a) != 43 {
		t.Fatalf("hashes differ: %s %s", a, b)
	}
}

func TestNoCanonicalForm(t *testing.T) {
	for name, text := range map[string]string{
		"lone high surrogate": `{"s":"\ud800"}`,
		"lone low surrogate":  `["\udc00b"]`,
		"reversed pair":       `"\udc00\ud800"`,
		"invalid UTF-8":       "\"\xff\"",
		"overflow":            `[1e400]`,
		"trailing data":       `{} {}`,
		"not JSON":            `{a:1}`,
	} {
		if _, err := CanonicalizeJSON([]byte(text)); errCode(err) != "INVALID_JSON_VALUE" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Canonicalize(math.NaN()); errCode(err) != "INVALID_JSON_VALUE" {
		t.Errorf("NaN: %v", err)
	}
	// An escaped backslash before "u" is not an escape sequence.
	if got, err := CanonicalizeJSON([]byte(`"\\ud800"`)); err != nil || string(got) != `"\\ud800"` {
		t.Errorf("escaped backslash: %s %v", got, err)
	}
}

// Every finite double formats to text that parses back to the same double (ECMA-262
// Number::toString: the shortest digits that round-trip).
func TestFormatNumberRoundTrips(t *testing.T) {
	state := uint64(0x9E3779B97F4A7C15) // xorshift64: reproducible from the seed
	for i := 0; i < 50000; i++ {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		v := math.Float64frombits(state)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		text := FormatNumber(v)
		back, err := strconv.ParseFloat(text, 64)
		if err != nil || back != v {
			t.Fatalf("%x: %s parses to %v (%v)", state, text, back, err)
		}
		if strings.Contains(text, "e") != (math.Abs(v) >= 1e21 || math.Abs(v) < 1e-6) {
			t.Fatalf("%x: %s uses the wrong notation", state, text)
		}
	}
}
