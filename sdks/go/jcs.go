package openleash

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 1000

// Canonicalize returns the RFC 8785 (JCS) canonical form of v. v is any value encoding/json
// marshals (maps, structs, slices, numbers...); it is marshaled, then canonicalized with
// [CanonicalizeJSON]. A json.RawMessage or []byte is taken as JSON text.
func Canonicalize(v any) ([]byte, error) {
	switch raw := v.(type) {
	case json.RawMessage:
		return CanonicalizeJSON(raw)
	case []byte:
		return CanonicalizeJSON(raw)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, newError("INVALID_JSON_VALUE", "value is not JSON: %v", err)
	}
	return CanonicalizeJSON(buf.Bytes())
}

// CanonicalizeJSON returns the RFC 8785 canonical form of a JSON text. Numbers are IEEE 754
// doubles (RFC 8785 §3.2.2.3): 9007199254740993 canonicalizes as 9007199254740992. Texts with lone
// UTF-16 surrogates or invalid UTF-8 are refused (encoding/json would silently substitute U+FFFD).
func CanonicalizeJSON(text []byte) ([]byte, error) {
	if !utf8.Valid(text) {
		return nil, newError("INVALID_JSON_VALUE", "JSON text is not UTF-8")
	}
	if err := checkSurrogateEscapes(text); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, newError("INVALID_JSON_VALUE", "invalid JSON: %v", err)
	}
	if dec.More() {
		return nil, newError("INVALID_JSON_VALUE", "trailing data after the JSON value")
	}
	var out bytes.Buffer
	if err := writeCanonical(&out, v, 0); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// ActionHash is action_hash of PROTOCOL.md §2: base64url (no padding) of SHA-256 over the UTF-8
// bytes of the RFC 8785 canonical form of the action exactly as sent.
func ActionHash(action any) (string, error) {
	canonical, err := Canonicalize(action)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canonical)
	return base64.RawURLEncoding.EncodeToString(sum[:]), nil
}

// checkSurrogateEscapes refuses \uD800-\uDFFF escapes that do not form a high+low pair: they have
// no UTF-8 form (RFC 8785 §3.2.2.2, I-JSON).
func checkSurrogateEscapes(text []byte) error {
	s := string(text)
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if i+1 < len(s) && s[i+1] != 'u' {
			i++ // skip the escaped character (\\ or \")
			continue
		}
		u, ok := hex4(s, i+2)
		if !ok {
			continue // malformed escapes are reported by the decoder
		}
		switch {
		case u >= 0xD800 && u <= 0xDBFF:
			low, okLow := uint16(0), false
			if i+7 < len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
				low, okLow = hex4(s, i+8)
			}
			if !okLow || low < 0xDC00 || low > 0xDFFF {
				return newError("INVALID_JSON_VALUE", "lone surrogate in a string")
			}
			i += 11
		case u >= 0xDC00 && u <= 0xDFFF:
			return newError("INVALID_JSON_VALUE", "lone surrogate in a string")
		default:
			i += 5
		}
	}
	return nil
}

func hex4(s string, at int) (uint16, bool) {
	if at+4 > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[at:at+4], 16, 16)
	return uint16(v), err == nil
}

func writeCanonical(out *bytes.Buffer, v any, depth int) error {
	if depth > maxDepth {
		return newError("INVALID_JSON_VALUE", "nesting deeper than %d", maxDepth)
	}
	switch x := v.(type) {
	case nil:
		out.WriteString("null")
	case bool:
		out.WriteString(strconv.FormatBool(x))
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return newError("INVALID_JSON_VALUE", "number %s is not a finite double", string(x))
		}
		out.WriteString(FormatNumber(f))
	case string:
		writeString(out, x)
	case []any:
		out.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				out.WriteByte(',')
			}
			if err := writeCanonical(out, item, depth+1); err != nil {
				return err
			}
		}
		out.WriteByte(']')
	case map[string]any:
		return writeObject(out, x, depth)
	default:
		return newError("INVALID_JSON_VALUE", "unexpected JSON value %T", v)
	}
	return nil
}

func writeObject(out *bytes.Buffer, m map[string]any, depth int) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names.
	units := make(map[string][]uint16, len(keys))
	for _, k := range keys {
		units[k] = utf16.Encode([]rune(k))
	}
	sort.Slice(keys, func(i, j int) bool { return lessUTF16(units[keys[i]], units[keys[j]]) })
	out.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			out.WriteByte(',')
		}
		writeString(out, k)
		out.WriteByte(':')
		if err := writeCanonical(out, m[k], depth+1); err != nil {
			return err
		}
	}
	out.WriteByte('}')
	return nil
}

func lessUTF16(a, b []uint16) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// writeString serializes a string per RFC 8785 §3.2.2.2 (ECMAScript JSON.stringify): only ", \
// and control characters are escaped; \b \t \n \f \r get their short forms, the other controls
// \u00xx in lowercase hex; everything else is written as UTF-8.
func writeString(out *bytes.Buffer, s string) {
	const hexDigits = "0123456789abcdef"
	out.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			out.WriteString(`\"`)
		case r == '\\':
			out.WriteString(`\\`)
		case r == '\b':
			out.WriteString(`\b`)
		case r == '\t':
			out.WriteString(`\t`)
		case r == '\n':
			out.WriteString(`\n`)
		case r == '\f':
			out.WriteString(`\f`)
		case r == '\r':
			out.WriteString(`\r`)
		case r < 0x20:
			out.WriteString(`\u00`)
			out.WriteByte(hexDigits[r>>4])
			out.WriteByte(hexDigits[r&0xF])
		default:
			out.WriteRune(r)
		}
	}
	out.WriteByte('"')
}

// FormatNumber formats a finite double like ECMAScript Number.prototype.toString (ECMA-262
// Number::toString, as RFC 8785 §3.2.2.3 requires): the shortest digits that round-trip, plain
// notation for 1e-7 < |v| < 1e21, else d.ddde±n; -0 is "0".
func FormatNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	if v < 0 {
		return "-" + FormatNumber(-v)
	}
	// Shortest round-trip digits and the decimal exponent: v = 0.digits × 10^n.
	e := strconv.FormatFloat(v, 'e', -1, 64) // d.dddde±XX
	mantissa, expText, _ := strings.Cut(e, "e")
	digits := strings.Replace(mantissa, ".", "", 1)
	exp, _ := strconv.Atoi(expText)
	n := exp + 1
	k := len(digits)
	switch {
	case k <= n && n <= 21:
		return digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return "0." + strings.Repeat("0", -n) + digits
	}
	sign := "+"
	if n-1 < 0 {
		sign = "-"
	}
	abs := n - 1
	if abs < 0 {
		abs = -abs
	}
	if k == 1 {
		return digits + "e" + sign + strconv.Itoa(abs)
	}
	return digits[:1] + "." + digits[1:] + "e" + sign + strconv.Itoa(abs)
}
