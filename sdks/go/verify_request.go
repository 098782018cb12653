package openleash

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"
)

// VerifyRequestOptions is a received request, as RFC 9421 derives components from it.
type VerifyRequestOptions struct {
	Method string
	// Path is the request path exactly as received (percent-encoding kept).
	Path string
	// Query is "" or the query with its leading "?", exactly as received.
	Query   string
	Headers http.Header
	Body    []byte
	// Now is the verification time (zero: time.Now()).
	Now time.Time
	// MaxSkew is the accepted distance of created from Now (zero: 120 s).
	MaxSkew time.Duration
	// ResolveKey returns the agent key for a keyid, or nil when unknown/revoked.
	ResolveKey func(keyID string) ed25519.PublicKey
}

// VerifiedRequest is what a verified signature establishes. Record Nonce for KeyID (refusing a
// second use) only after verification succeeded.
type VerifiedRequest struct {
	KeyID   string
	Nonce   string
	Created int64
	Expires *int64
	Label   string
}

func reqErr(code, message string) *Error { return &Error{Code: code, Message: message} }

func fieldValue(h http.Header, name string) (string, bool) {
	values := h.Values(name)
	if len(values) == 0 {
		return "", false
	}
	for i, v := range values {
		values[i] = strings.Trim(v, " \t")
	}
	return strings.Join(values, ", "), true
}

func headerDict(h http.Header, name string) (sfDict, error) {
	v, ok := fieldValue(h, name)
	if !ok {
		return sfDict{}, reqErr("MALFORMED_SIGNATURE", name+" header is missing")
	}
	d, err := parseDictionary(v)
	if err != nil {
		return d, reqErr("MALFORMED_SIGNATURE", name+" is not a valid structured field")
	}
	return d, nil
}

// selectSignature finds the one signature tagged "openleash" (RFC 9421 §4.3 allows several).
func selectSignature(inputs, sigs sfDict) (string, sfMember, []byte, error) {
	var label string
	count := 0
	for _, k := range inputs.keys {
		m := inputs.members[k]
		if tag, _ := m.param("tag"); m.item == nil && tag == SignatureTag {
			label, count = k, count+1
		}
	}
	if count != 1 {
		return "", sfMember{}, nil, reqErr("MALFORMED_SIGNATURE", "expected exactly one signature tagged "+SignatureTag)
	}
	sig, ok := sigs.members[label]
	var raw []byte
	if ok && sig.item != nil {
		raw, _ = sig.item.value.([]byte)
	}
	if len(raw) != ed25519.SignatureSize {
		return "", sfMember{}, nil, reqErr("MALFORMED_SIGNATURE", "Signature has no 64-byte value for "+label)
	}
	return label, inputs.members[label], raw, nil
}

func signatureParams(m sfMember) (created int64, expires *int64, nonce, keyID string, err error) {
	c, ok := m.param("created")
	if created, ok = c.(int64); !ok {
		return 0, nil, "", "", reqErr("MALFORMED_SIGNATURE", "parameter created must be an integer")
	}
	if e, present := m.param("expires"); present {
		v, isInt := e.(int64)
		if !isInt || v <= created {
			return 0, nil, "", "", reqErr("MALFORMED_SIGNATURE", "parameter expires must be an integer after created")
		}
		expires = &v
	}
	n, _ := m.param("nonce")
	k, _ := m.param("keyid")
	nonce, _ = n.(string)
	keyID, _ = k.(string)
	if nonce == "" || keyID == "" {
		return 0, nil, "", "", reqErr("MALFORMED_SIGNATURE", "parameters nonce and keyid must be strings")
	}
	if alg, _ := m.param("alg"); alg != SignatureAlg {
		return 0, nil, "", "", reqErr("MALFORMED_SIGNATURE", "parameter alg must be "+SignatureAlg)
	}
	if len(nonce) < 22 || len(nonce) > 256 {
		return 0, nil, "", "", reqErr("MALFORMED_SIGNATURE", "nonce is too short or too long")
	}
	return created, expires, nonce, keyID, nil
}

func coverage(m sfMember, query string, hasBody bool) ([]string, error) {
	covered := make([]string, 0, len(m.inner))
	for _, it := range m.inner {
		name, ok := it.value.(string)
		if !ok || name == "" || name != strings.ToLower(name) || len(it.params) > 0 {
			return nil, reqErr("MALFORMED_SIGNATURE", "component identifiers must be lowercase strings without parameters")
		}
		covered = append(covered, name)
	}
	required := []string{"@method", "@path"}
	if len(query) > 1 {
		required = append(required, "@query")
	}
	if hasBody {
		required = append(required, "content-digest")
	}
	for _, r := range required {
		found := false
		for _, c := range covered {
			found = found || c == r
		}
		if !found {
			return nil, reqErr("MISSING_COMPONENT", r+" is not covered")
		}
	}
	return covered, nil
}

func checkDigest(h http.Header, body []byte) error {
	v, ok := fieldValue(h, "content-digest")
	if !ok {
		return reqErr("MISSING_COMPONENT", "content-digest is covered but absent")
	}
	var digest []byte
	if d, err := parseDictionary(v); err == nil {
		if m, ok := d.members["sha-256"]; ok && m.item != nil {
			digest, _ = m.item.value.([]byte)
		}
	}
	if len(digest) != sha256.Size {
		return reqErr("MALFORMED_SIGNATURE", "Content-Digest has no valid sha-256 member")
	}
	sum := sha256.Sum256(body)
	if subtle.ConstantTimeCompare(digest, sum[:]) != 1 {
		return reqErr("DIGEST_MISMATCH", "Content-Digest does not match the body")
	}
	return nil
}

func verifyBase(opts VerifyRequestOptions, covered []string, m sfMember) (string, error) {
	params, err := serializeInnerList(m)
	if err != nil {
		return "", reqErr("MALFORMED_SIGNATURE", "Signature-Input cannot be serialized")
	}
	var b strings.Builder
	seen := map[string]bool{}
	for _, name := range covered {
		var value string
		var ok bool
		switch {
		case name == "@method":
			value, ok = opts.Method, true
		case name == "@path":
			value, ok = opts.Path, true
			if value == "" {
				value = "/"
			}
		case name == "@query":
			value, ok = opts.Query, true
			if value == "" {
				value = "?" // RFC 9421 §2.2.7
			}
		case !strings.HasPrefix(name, "@"):
			value, ok = fieldValue(opts.Headers, name)
		}
		if !ok || seen[name] || strings.ContainsAny(value, "\r\n") {
			return "", reqErr("MALFORMED_SIGNATURE", "component "+name+" is absent, repeated or has a line break")
		}
		seen[name] = true
		b.WriteString(`"` + name + `": ` + value + "\n")
	}
	b.WriteString(`"@signature-params": ` + params)
	return b.String(), nil
}

// VerifyRequest verifies an OpenLeash agent request signature (PROTOCOL.md §3; RFC 9421 §3.2 with
// the OpenLeash profile): strict structured-field parsing, the required coverage, alg="ed25519"
// and tag="openleash", created within ±MaxSkew, expires not past, Content-Digest equal to the
// body's SHA-256, then the Ed25519 signature. An unknown key is INVALID_SIGNATURE, like a bad
// signature. Nonces are NOT checked here: record Nonce for KeyID after this returns.
func VerifyRequest(opts VerifyRequestOptions) (*VerifiedRequest, error) {
	if opts.Query != "" && !strings.HasPrefix(opts.Query, "?") {
		return nil, errors.New(`openleash: Query must be "" or start with "?"`)
	}
	inputs, err := headerDict(opts.Headers, "signature-input")
	if err != nil {
		return nil, err
	}
	sigs, err := headerDict(opts.Headers, "signature")
	if err != nil {
		return nil, err
	}
	label, m, sig, err := selectSignature(inputs, sigs)
	if err != nil {
		return nil, err
	}
	created, expires, nonce, keyID, err := signatureParams(m)
	if err != nil {
		return nil, err
	}
	covered, err := coverage(m, opts.Query, len(opts.Body) > 0)
	if err != nil {
		return nil, err
	}
	now, maxSkew := opts.Now, opts.MaxSkew
	if now.IsZero() {
		now = time.Now()
	}
	if maxSkew == 0 {
		maxSkew = 120 * time.Second
	}
	skew := now.Unix() - created
	if skew < 0 {
		skew = -skew
	}
	if skew > int64(maxSkew/time.Second) {
		return nil, reqErr("CLOCK_SKEW", "created is outside the accepted window")
	}
	if expires != nil && now.Unix() >= *expires {
		return nil, reqErr("SIGNATURE_EXPIRED", "signature has expired")
	}
	for _, c := range covered {
		if c == "content-digest" {
			if err := checkDigest(opts.Headers, opts.Body); err != nil {
				return nil, err
			}
		}
	}
	base, err := verifyBase(opts, covered, m)
	if err != nil {
		return nil, err
	}
	key := opts.ResolveKey(keyID)
	if len(key) != ed25519.PublicKeySize || !ed25519.Verify(key, []byte(base), sig) {
		return nil, reqErr("INVALID_SIGNATURE", "signature does not verify")
	}
	return &VerifiedRequest{KeyID: keyID, Nonce: nonce, Created: created, Expires: expires, Label: label}, nil
}
