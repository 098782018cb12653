package openleash

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	// ProofTyp is the JWS typ of proof tokens (RFC 8725 §3.11 explicit typing).
	ProofTyp = "openleash-proof+jwt"
	// ApprovalTyp is the JWS typ of approval tokens (PROTOCOL.md §6).
	ApprovalTyp = "openleash-approval+jwt"
	// MaxTokenLength: longer tokens are refused before any parsing.
	MaxTokenLength = 16384
	// DefaultClockTolerance is the slack applied to exp, nbf and iat.
	DefaultClockTolerance = 5 * time.Second
)

// JWKS is a JSON Web Key Set (RFC 7517 §5).
type JWKS struct {
	Keys []json.RawMessage `json:"keys"`
}

// KeyForKid returns the Ed25519 key whose RFC 7638 thumbprint is kid. An entry's own kid must be its
// thumbprint, so no entry lends its kid to another key; entries that are not Ed25519 keys are skipped.
func (s *JWKS) KeyForKid(kid string) ed25519.PublicKey {
	if s == nil {
		return nil
	}
	for _, raw := range s.Keys {
		var jwk JWK
		if json.Unmarshal(raw, &jwk) != nil || (jwk.Kid != "" && jwk.Kid != kid) {
			continue
		}
		if thumb, err := JWKThumbprint(jwk); err == nil && thumb == kid {
			key, _ := PublicKeyFromJWK(jwk)
			return key
		}
	}
	return nil
}

// VerifyProofOptions are the verifier's expectations; empty members are not checked.
type VerifyProofOptions struct {
	// Action is the action the verifier actually received (a map, a struct or json.RawMessage);
	// its hash must equal the action_hash claim.
	Action any
	// ActionHash is the expected action hash, as an alternative to Action.
	ActionHash string
	// Audience is the verifier's own domain: it must be the token's aud.
	Audience string
	// Issuer is the expected iss. Set it: without it any issuer whose keys you hold is accepted.
	Issuer string
	// Now is the verification time (zero: time.Now()).
	Now time.Time
	// ClockTolerance is the slack for exp/nbf/iat (zero: DefaultClockTolerance; negative: none).
	ClockTolerance time.Duration
}

// VerifiedProof is a verified proof token: its claims (iss, sub, aud, exp, jti, action_hash, owner,
// policy_version, matched_rule, approval_id, ...) and its JWS protected header.
type VerifiedProof struct {
	Claims map[string]any
	Header map[string]any
}

func decodeSegment(s string) ([]byte, bool) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return b, err == nil
}

func decodeObject(b []byte) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || m == nil || dec.More() {
		return nil, false
	}
	return m, true
}

// verifySignature checks structure, the alg allow-list (EdDSA only: no none, no HMAC/RSA
// confusion), the key by kid and the Ed25519 signature (golang-jwt), then typ.
func verifySignature(token string, jwks *JWKS, typ string) (header, payload map[string]any, err error) {
	if token == "" || len(token) > MaxTokenLength {
		return nil, nil, newError("MALFORMED_TOKEN", "token is empty or too long")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, nil, newError("MALFORMED_TOKEN", "token is not a JWS compact serialization")
	}
	headerBytes, ok1 := decodeSegment(parts[0])
	payloadBytes, ok2 := decodeSegment(parts[1])
	_, ok3 := decodeSegment(parts[2])
	if !ok1 || !ok2 || !ok3 {
		return nil, nil, newError("MALFORMED_TOKEN", "token part is not base64url")
	}
	header, ok := decodeObject(headerBytes)
	if !ok {
		return nil, nil, newError("MALFORMED_TOKEN", "header is not a JSON object")
	}
	if header["alg"] != "EdDSA" {
		return nil, nil, newError("UNSUPPORTED_ALGORITHM", "alg is not EdDSA")
	}
	if _, crit := header["crit"]; crit { // RFC 7515 §4.1.11
		return nil, nil, newError("MALFORMED_TOKEN", "crit header parameters are not supported")
	}
	kid, _ := header["kid"].(string)
	if kid == "" {
		return nil, nil, newError("MALFORMED_TOKEN", "kid is missing")
	}
	key := jwks.KeyForKid(kid)
	if key == nil {
		return nil, nil, newError("UNKNOWN_KID", "no key with kid %s", kid)
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithoutClaimsValidation())
	_, err = parser.Parse(token, func(*jwt.Token) (any, error) { return key, nil })
	if errors.Is(err, jwt.ErrTokenSignatureInvalid) {
		return nil, nil, newError("INVALID_SIGNATURE", "signature does not verify")
	} else if err != nil {
		return nil, nil, newError("MALFORMED_TOKEN", "token could not be decoded")
	}
	if header["typ"] != typ {
		return nil, nil, newError("WRONG_TYP", "typ is not %s", typ)
	}
	payload, ok = decodeObject(payloadBytes)
	if !ok {
		return nil, nil, newError("MALFORMED_TOKEN", "payload is not a JSON object")
	}
	return header, payload, nil
}

func stringClaim(p map[string]any, claim string, required bool) (string, error) {
	v, present := p[claim]
	if !present && !required {
		return "", nil
	}
	s, ok := v.(string)
	if !ok || s == "" {
		return "", claimError("MALFORMED_TOKEN", claim, "claim "+claim+" must be a non-empty string")
	}
	return s, nil
}

func numericDate(p map[string]any, claim string, required bool) (float64, bool, error) {
	v, present := p[claim]
	if !present && !required {
		return 0, false, nil
	}
	n, ok := v.(json.Number)
	f, err := n.Float64()
	if !ok || err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false, claimError("MALFORMED_TOKEN", claim, "claim "+claim+" must be a NumericDate")
	}
	return f, true, nil
}

// checkTimes applies RFC 7519 §4.1.4-§4.1.6 at nowTime (zero: now) with a slack of clockTolerance
// (zero: DefaultClockTolerance; negative: none).
func checkTimes(p map[string]any, nowTime time.Time, clockTolerance time.Duration) error {
	if nowTime.IsZero() {
		nowTime = time.Now()
	}
	if clockTolerance == 0 {
		clockTolerance = DefaultClockTolerance
	} else if clockTolerance < 0 {
		clockTolerance = 0
	}
	now, tolerance := float64(nowTime.Unix()), clockTolerance.Seconds()
	exp, _, err := numericDate(p, "exp", true)
	if err != nil {
		return err
	}
	iat, _, err := numericDate(p, "iat", true)
	if err != nil {
		return err
	}
	nbf, hasNbf, err := numericDate(p, "nbf", false)
	if err != nil {
		return err
	}
	switch {
	case now-tolerance >= exp:
		return claimError("TOKEN_EXPIRED", "exp", "token has expired")
	case hasNbf && now+tolerance < nbf:
		return claimError("NOT_YET_VALID", "nbf", "token is not valid yet")
	case now+tolerance < iat:
		return claimError("NOT_YET_VALID", "iat", "token is issued in the future")
	}
	return nil
}

func checkAudience(p map[string]any, audience string) error {
	aud, present := p["aud"]
	var list []string
	switch a := aud.(type) {
	case string:
		list = []string{a}
	case []any:
		for _, item := range a {
			s, ok := item.(string)
			if !ok {
				return claimError("MALFORMED_TOKEN", "aud", "claim aud must be a string or an array of strings")
			}
			list = append(list, s)
		}
	default:
		if present {
			return claimError("MALFORMED_TOKEN", "aud", "claim aud must be a string or an array of strings")
		}
	}
	if audience == "" {
		return nil
	}
	for _, a := range list {
		if a == audience {
			return nil
		}
	}
	return claimError("AUDIENCE_MISMATCH", "aud", "token is not for this audience")
}

// checkProofClaims applies the structural checks of the claims table of PROTOCOL.md §5.
func checkProofClaims(p map[string]any) error {
	for _, claim := range []string{"sub", "jti", "action_type", "action_hash", "owner", "policy_version"} {
		if _, err := stringClaim(p, claim, true); err != nil {
			return err
		}
	}
	if v, present := p["matched_rule"]; v != nil || !present {
		if _, err := stringClaim(p, "matched_rule", true); err != nil {
			return err
		}
	}
	if _, err := stringClaim(p, "approval_id", false); err != nil {
		return err
	}
	if a, present := p["assurance"]; present && a != "LOW" && a != "SUBSTANTIAL" && a != "HIGH" {
		return claimError("MALFORMED_TOKEN", "assurance", "claim assurance is not a level")
	}
	if chain, present := p["chain"]; present {
		links, ok := chain.([]any)
		for _, l := range links {
			m, isMap := l.(map[string]any)
			jti, _ := m["jti"].(string)
			iss, _ := m["iss"].(string)
			ok = ok && isMap && jti != "" && iss != ""
		}
		if !ok {
			return claimError("MALFORMED_TOKEN", "chain", "claim chain is malformed")
		}
	}
	return nil
}

// VerifyProof verifies a proof token against a JWKS the verifier already holds (PROTOCOL.md §5):
// the signature first (a bad signature wins over every claim problem), then typ, iss, aud,
// exp/nbf/iat and the recomputed hash of the action actually received. Failures are *Error with
// a stable Code (INVALID_SIGNATURE, TOKEN_EXPIRED, ACTION_HASH_MISMATCH, ...).
//
//	proof, err := openleash.VerifyProof(token, jwks, openleash.VerifyProofOptions{
//		Issuer: "https://leash.example", Audience: "storeco.example", Action: received})
func VerifyProof(token string, jwks *JWKS, opts VerifyProofOptions) (*VerifiedProof, error) {
	header, payload, err := verifySignature(token, jwks, ProofTyp)
	if err != nil {
		return nil, err
	}
	iss, err := stringClaim(payload, "iss", true)
	if err != nil {
		return nil, err
	}
	if opts.Issuer != "" && iss != opts.Issuer {
		return nil, claimError("ISSUER_MISMATCH", "iss", "unexpected issuer")
	}
	if err := checkAudience(payload, opts.Audience); err != nil {
		return nil, err
	}
	if err := checkTimes(payload, opts.Now, opts.ClockTolerance); err != nil {
		return nil, err
	}
	if err := checkProofClaims(payload); err != nil {
		return nil, err
	}
	if err := checkActionHash(payload["action_hash"], opts.Action, opts.ActionHash); err != nil {
		return nil, err
	}
	return &VerifiedProof{Claims: payload, Header: header}, nil
}

func checkActionHash(tokenHash, action any, actionHash string) error {
	expected := actionHash
	if action != nil {
		recomputed, err := ActionHash(action)
		if err != nil {
			return err
		}
		if expected != "" && expected != recomputed {
			return errors.New("openleash: Action and ActionHash disagree")
		}
		expected = recomputed
	}
	if expected != "" && expected != tokenHash {
		return claimError("ACTION_HASH_MISMATCH", "action_hash", "token is for another action")
	}
	return nil
}

var assuranceLevels = map[any]int{"LOW": 1, "SUBSTANTIAL": 2, "HIGH": 3}

// VerifyApprovalOptions are the expectations of VerifyApprovalToken; Issuer is required.
type VerifyApprovalOptions struct {
	// Issuer is the instance that issued the token (also its expected aud unless Audience is set).
	Issuer   string
	Audience string
	// AgentID must be the token's sub (SUBJECT_MISMATCH otherwise).
	AgentID string
	// Action / ActionHash: what the approval must be for.
	Action     any
	ActionHash string
	// MinAssurance (LOW < SUBSTANTIAL < HIGH): INSUFFICIENT_ASSURANCE below it.
	MinAssurance   string
	Now            time.Time
	ClockTolerance time.Duration
}

// VerifyApprovalToken verifies an approval token (typ openleash-approval+jwt, PROTOCOL.md §6)
// offline: signature, iss and aud (the issuing instance), times, agent, action and assurance.
// Single use is enforced by the server, not here.
func VerifyApprovalToken(token string, jwks *JWKS, opts VerifyApprovalOptions) (*VerifiedProof, error) {
	if opts.Issuer == "" {
		return nil, errors.New("openleash: Issuer is required")
	}
	header, payload, err := verifySignature(token, jwks, ApprovalTyp)
	if err != nil {
		return nil, err
	}
	if iss, err := stringClaim(payload, "iss", true); err != nil {
		return nil, err
	} else if iss != opts.Issuer {
		return nil, claimError("ISSUER_MISMATCH", "iss", "unexpected issuer")
	}
	audience := opts.Audience
	if audience == "" {
		audience = opts.Issuer
	}
	if err := checkAudience(payload, audience); err != nil {
		return nil, err
	}
	if err := checkTimes(payload, opts.Now, opts.ClockTolerance); err != nil {
		return nil, err
	}
	sub, err := stringClaim(payload, "sub", true)
	if err != nil {
		return nil, err
	}
	for _, claim := range []string{"jti", "approval_id", "action_hash"} {
		if _, err := stringClaim(payload, claim, true); err != nil {
			return nil, err
		}
	}
	level, ok := assuranceLevels[payload["assurance"]]
	if !ok {
		return nil, claimError("MALFORMED_TOKEN", "assurance", "claim assurance is not a level")
	}
	if opts.AgentID != "" && sub != opts.AgentID {
		return nil, claimError("SUBJECT_MISMATCH", "sub", "token was granted to another agent")
	}
	if err := checkActionHash(payload["action_hash"], opts.Action, opts.ActionHash); err != nil {
		return nil, err
	}
	if opts.MinAssurance != "" && level < assuranceLevels[opts.MinAssurance] {
		return nil, claimError("INSUFFICIENT_ASSURANCE", "assurance", "approval level is too low")
	}
	return &VerifiedProof{Claims: payload, Header: header}, nil
}
