package openleash

import (
	"encoding/json"
	"strings"
	"time"
)

// IssuerKeys returns the JWKS of an issuer, or nil when the issuer is not trusted.
type IssuerKeys func(issuer string) *JWKS

// IssuerMap turns a map from issuer URL to JWKS into IssuerKeys.
func IssuerMap(m map[string]*JWKS) IssuerKeys {
	return func(issuer string) *JWKS { return m[issuer] }
}

// ChainOptions tunes VerifyProofChain.
type ChainOptions struct {
	// Now is when the newest proof must be valid (zero: time.Now()).
	Now time.Time
	// ClockTolerance: zero means DefaultClockTolerance, negative none.
	ClockTolerance time.Duration
}

func unverifiedIssuer(token string) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", newError("MALFORMED_TOKEN", "token is not a JWS compact serialization")
	}
	payload, okSeg := decodeSegment(parts[1])
	var claims struct {
		Iss string `json:"iss"`
	}
	if !okSeg || json.Unmarshal(payload, &claims) != nil {
		return "", newError("MALFORMED_TOKEN", "payload is not a JSON object")
	}
	if claims.Iss == "" {
		return "", claimError("MALFORMED_TOKEN", "iss", "claim iss is missing")
	}
	return claims.Iss, nil
}

// VerifyProofChain verifies a chain of proofs from possibly different OpenLeash instances, oldest
// first (the buyer's proof, then the seller's proof whose chain names it; PROTOCOL.md §5). Each
// token is verified against its own issuer's keys (UNKNOWN_ISSUER otherwise); the newest at Now,
// each earlier one at its successor's iat; each must be named in its successor's chain claim by
// jti and iss (CHAIN_BROKEN).
func VerifyProofChain(tokens []string, keys IssuerKeys, opts ChainOptions) ([]*VerifiedProof, error) {
	if len(tokens) == 0 {
		return nil, newError("MALFORMED_TOKEN", "no tokens")
	}
	links := make([]*VerifiedProof, len(tokens))
	at := opts.Now
	if at.IsZero() {
		at = time.Now()
	}
	for i := len(tokens) - 1; i >= 0; i-- {
		issuer, err := unverifiedIssuer(tokens[i])
		if err != nil {
			return nil, err
		}
		jwks := keys(issuer)
		if jwks == nil {
			return nil, claimError("UNKNOWN_ISSUER", "iss", "no keys for issuer "+issuer)
		}
		link, err := VerifyProof(tokens[i], jwks, VerifyProofOptions{Issuer: issuer, Now: at, ClockTolerance: opts.ClockTolerance})
		if err != nil {
			return nil, err
		}
		if i+1 < len(tokens) && !names(links[i+1].Claims["chain"], link.Claims["jti"], link.Claims["iss"]) {
			return nil, claimError("CHAIN_BROKEN", "chain", "a proof does not name its predecessor")
		}
		links[i] = link
		iat, _ := link.Claims["iat"].(json.Number).Float64()
		at = time.Unix(int64(iat), 0)
	}
	return links, nil
}

func names(chain, jti, iss any) bool {
	refs, _ := chain.([]any)
	for _, r := range refs {
		if m, ok := r.(map[string]any); ok && m["jti"] == jti && m["iss"] == iss {
			return true
		}
	}
	return false
}
