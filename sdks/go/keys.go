package openleash

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// JWK is an OKP/Ed25519 JSON Web Key (RFC 8037 §2); D is set only on a private key.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	D   string `json:"d,omitempty"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
}

// AgentKey is an agent's Ed25519 key: Kid (RFC 7638 thumbprint, the RFC 9421 keyid), the public
// JWK to register, and the private key, which never leaves the agent (PROTOCOL.md §1).
type AgentKey struct {
	// Kid is the RFC 7638 SHA-256 thumbprint of the public key.
	Kid string
	// PublicJWK is the public half, as registered with OpenLeash.
	PublicJWK JWK
	private   ed25519.PrivateKey
}

// PrivateJWK returns the private key as an RFC 8037 JWK with d. Keep it secret.
func (k *AgentKey) PrivateJWK() JWK {
	jwk := k.PublicJWK
	jwk.D = base64.RawURLEncoding.EncodeToString(k.private.Seed())
	return jwk
}

// Sign returns the Ed25519 signature (RFC 8032) of data.
func (k *AgentKey) Sign(data []byte) []byte { return ed25519.Sign(k.private, data) }

// GenerateAgentKey generates a fresh agent key pair with crypto/rand.
//
//	key, err := openleash.GenerateAgentKey()
//	b, _ := json.Marshal(key.PrivateJWK()) // store with mode 0600
func GenerateAgentKey() (*AgentKey, error) {
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return fromPrivate(private)
}

// ImportAgentKey loads an agent key from its private JWK (as written by GenerateAgentKey or printed
// by `openleash init`); x, when present, must be the public half of d.
func ImportAgentKey(jwk JWK) (*AgentKey, error) {
	if jwk.Kty != "OKP" || jwk.Crv != "Ed25519" {
		return nil, newError("INVALID_KEY", "not an OKP/Ed25519 JWK")
	}
	seed, err := base64.RawURLEncoding.Strict().DecodeString(jwk.D)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, newError("INVALID_KEY", "d is not a 32-byte base64url value")
	}
	key, err := fromPrivate(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		return nil, err
	}
	if jwk.X != "" && jwk.X != key.PublicJWK.X {
		return nil, newError("INVALID_KEY", "x is not the public key of d")
	}
	return key, nil
}

func fromPrivate(private ed25519.PrivateKey) (*AgentKey, error) {
	public := JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(private.Public().(ed25519.PublicKey))}
	kid, err := JWKThumbprint(public)
	if err != nil {
		return nil, err
	}
	return &AgentKey{Kid: kid, PublicJWK: public, private: private}, nil
}

// JWKThumbprint is the RFC 7638 SHA-256 thumbprint (base64url) of an OKP/Ed25519 JWK: the hash of
// {"crv":"Ed25519","kty":"OKP","x":...} (required members, lexicographic order, no whitespace).
func JWKThumbprint(jwk JWK) (string, error) {
	if _, err := PublicKeyFromJWK(jwk); err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + jwk.X + `"}`))
	return base64.RawURLEncoding.EncodeToString(sum[:]), nil
}

// PublicKeyFromJWK imports an OKP/Ed25519 public JWK.
func PublicKeyFromJWK(jwk JWK) (ed25519.PublicKey, error) {
	if jwk.Kty != "OKP" || jwk.Crv != "Ed25519" {
		return nil, newError("INVALID_KEY", "not an OKP/Ed25519 JWK")
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(jwk.X)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, newError("INVALID_KEY", "x is not a 32-byte base64url value")
	}
	return ed25519.PublicKey(raw), nil
}
