package openleash

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func vectorsDir() string {
	if dir := os.Getenv("OPENLEASH_VECTORS"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "spec", "vectors")
}

func loadVectors(t *testing.T, name string, into any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vectorsDir(), name))
	if err != nil {
		t.Fatalf("vectors: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		t.Fatalf("vectors %s: %v", name, err)
	}
}

func errCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return "valid"
	}
	return "untyped: " + err.Error()
}

func TestActionHashVectors(t *testing.T) {
	var v struct {
		Kind  string
		Cases []struct {
			Name       string
			InputJSON  string `json:"input_json"`
			Canonical  string
			ActionHash string `json:"action_hash"`
		}
		MustReject []struct {
			Name          string
			InputJSON     string `json:"input_json"`
			ExpectedError string `json:"expected_error"`
		} `json:"must_reject"`
	}
	loadVectors(t, "action-hash.json", &v)
	if v.Kind != "action-hash" || len(v.Cases) == 0 || len(v.MustReject) == 0 {
		t.Fatalf("unexpected vectors file: kind %q, %d cases", v.Kind, len(v.Cases))
	}
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			got, err := CanonicalizeJSON([]byte(c.InputJSON))
			if err != nil || string(got) != c.Canonical {
				t.Fatalf("canonical = %s (%v), want %s", got, err, c.Canonical)
			}
			hash, err := ActionHash(json.RawMessage(c.InputJSON))
			if err != nil || hash != c.ActionHash {
				t.Fatalf("hash = %s (%v), want %s", hash, err, c.ActionHash)
			}
			// The same action as Go values (decoded with float64 numbers) hashes identically.
			var decoded any
			if err := json.Unmarshal([]byte(c.InputJSON), &decoded); err != nil {
				t.Fatal(err)
			}
			if h, err := ActionHash(decoded); err != nil || h != c.ActionHash {
				t.Fatalf("hash of decoded value = %s (%v), want %s", h, err, c.ActionHash)
			}
		})
	}
	for _, c := range v.MustReject {
		t.Run("reject/"+c.Name, func(t *testing.T) {
			_, err := ActionHash(json.RawMessage(c.InputJSON))
			if got := errCode(err); got != c.ExpectedError {
				t.Fatalf("error code = %s, want %s", got, c.ExpectedError)
			}
		})
	}
}

type signatureVectors struct {
	Kind     string
	AgentKey struct {
		Kid        string
		PublicJWK  JWK `json:"public_jwk"`
		PrivateJWK JWK `json:"private_jwk"`
	} `json:"agent_key"`
	Cases []struct {
		Name    string
		Request struct {
			Method, URL, Path, Query string
			BodyBase64               *string `json:"body_base64"`
		}
		Params struct {
			Created json.Number
			Expires *json.Number
			Nonce   string
			Keyid   string
		}
		Expected struct {
			ContentDigest  *string `json:"content_digest"`
			SignatureInput string  `json:"signature_input"`
			SignatureBase  string  `json:"signature_base"`
			Signature      string
		}
	}
	RFC9421B26 struct {
		PublicJWK     JWK    `json:"public_jwk"`
		PrivateJWK    JWK    `json:"private_jwk"`
		SignatureBase string `json:"signature_base"`
		Signature     string
	} `json:"rfc9421_b26"`
}

func TestRequestSignatureVectors(t *testing.T) {
	var v signatureVectors
	loadVectors(t, "request-signatures.json", &v)
	key, err := ImportAgentKey(v.AgentKey.PrivateJWK)
	if err != nil || key.Kid != v.AgentKey.Kid || len(v.Cases) == 0 {
		t.Fatalf("agent key: %v, kid %s want %s", err, key.Kid, v.AgentKey.Kid)
	}
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			path, query, err := SplitTarget(c.Request.URL)
			if err != nil || path != c.Request.Path || query != c.Request.Query {
				t.Fatalf("target = %q %q (%v)", path, query, err)
			}
			var body []byte
			if c.Request.BodyBase64 != nil {
				body, _ = base64.StdEncoding.DecodeString(*c.Request.BodyBase64)
			}
			created, _ := c.Params.Created.Int64()
			opts := SignOptions{Now: time.Unix(created, 0), Nonce: c.Params.Nonce}
			if c.Params.Expires != nil {
				expires, _ := c.Params.Expires.Int64()
				opts.ExpiresIn = time.Duration(expires-created) * time.Second
			}
			_, base, err := PrepareSignature(c.Request.Method, c.Request.URL, c.Params.Keyid, body, opts)
			if err != nil || base != c.Expected.SignatureBase {
				t.Fatalf("base = %q (%v)\nwant %q", base, err, c.Expected.SignatureBase)
			}
			headers, err := SignRequest(c.Request.Method, c.Request.URL, body, key, opts)
			if err != nil {
				t.Fatal(err)
			}
			digest, hasDigest := headers["content-digest"]
			if (c.Expected.ContentDigest == nil) == hasDigest || (hasDigest && digest != *c.Expected.ContentDigest) {
				t.Fatalf("content-digest = %q", digest)
			}
			if headers["signature-input"] != c.Expected.SignatureInput || headers["signature"] != c.Expected.Signature {
				t.Fatalf("signature headers = %v", headers)
			}
		})
	}
	t.Run("rfc9421-b26", func(t *testing.T) {
		b26 := v.RFC9421B26
		_, encoded, _ := strings.Cut(b26.Signature, "=")
		sig, err := base64.StdEncoding.DecodeString(strings.Trim(encoded, ":"))
		if err != nil {
			t.Fatal(err)
		}
		public, err := PublicKeyFromJWK(b26.PublicJWK)
		if err != nil || !ed25519.Verify(public, []byte(b26.SignatureBase), sig) {
			t.Fatalf("published signature does not verify (%v)", err)
		}
		private, err := ImportAgentKey(b26.PrivateJWK)
		if err != nil || !bytes.Equal(private.Sign([]byte(b26.SignatureBase)), sig) {
			t.Fatalf("deterministic Ed25519 did not re-create the signature (%v)", err)
		}
	})
}

func TestProofTokenVectors(t *testing.T) {
	var v struct {
		Kind  string
		JWKS  JWKS
		Cases []struct {
			Name   string
			Token  string
			Verify struct {
				Now                   string
				ClockToleranceSeconds *float64 `json:"clock_tolerance_seconds"`
				Issuer, Audience      string
				Action                json.RawMessage
			}
			Expected string
			Claims   map[string]any
		}
	}
	loadVectors(t, "proof-tokens.json", &v)
	if v.Kind != "proof-tokens" || len(v.Cases) == 0 {
		t.Fatalf("unexpected vectors file")
	}
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, c.Verify.Now)
			if err != nil {
				t.Fatal(err)
			}
			opts := VerifyProofOptions{Issuer: c.Verify.Issuer, Audience: c.Verify.Audience, Now: now}
			if c.Verify.Action != nil {
				opts.Action = c.Verify.Action
			}
			if tol := c.Verify.ClockToleranceSeconds; tol != nil {
				opts.ClockTolerance = time.Duration(*tol * float64(time.Second))
				if *tol == 0 {
					opts.ClockTolerance = -1
				}
			}
			proof, err := VerifyProof(c.Token, &v.JWKS, opts)
			if got := errCode(err); got != c.Expected {
				t.Fatalf("outcome = %s, want %s", got, c.Expected)
			}
			if c.Claims != nil && !reflect.DeepEqual(proof.Claims, c.Claims) {
				t.Fatalf("claims = %v\nwant %v", proof.Claims, c.Claims)
			}
		})
	}
}

func TestChainVectors(t *testing.T) {
	var v struct {
		Kind         string
		JWKSByIssuer map[string]*JWKS `json:"jwks_by_issuer"`
		Cases        []struct {
			Name                  string
			Tokens                []string
			Now                   string
			OnlyIssuers           []string `json:"only_issuers"`
			ClockToleranceSeconds float64  `json:"clock_tolerance_seconds"`
			Expected              string
		}
	}
	loadVectors(t, "chains.json", &v)
	if v.Kind != "chains" || len(v.Cases) == 0 {
		t.Fatal("unexpected vectors file")
	}
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			issuers := v.JWKSByIssuer
			if c.OnlyIssuers != nil {
				issuers = map[string]*JWKS{}
				for _, iss := range c.OnlyIssuers {
					issuers[iss] = v.JWKSByIssuer[iss]
				}
			}
			now, err := time.Parse(time.RFC3339, c.Now)
			if err != nil {
				t.Fatal(err)
			}
			tol := time.Duration(c.ClockToleranceSeconds * float64(time.Second))
			if tol == 0 {
				tol = -1
			}
			links, err := VerifyProofChain(c.Tokens, IssuerMap(issuers), ChainOptions{Now: now, ClockTolerance: tol})
			if got := errCode(err); got != c.Expected {
				t.Fatalf("outcome = %s, want %s", got, c.Expected)
			}
			if err == nil && len(links) != len(c.Tokens) {
				t.Fatalf("links = %d", len(links))
			}
		})
	}
}

func TestRequestVerificationVectors(t *testing.T) {
	var v struct {
		AgentKey struct {
			Kid       string
			PublicJWK JWK `json:"public_jwk"`
		} `json:"agent_key"`
		Verification []struct {
			Name    string
			Request struct {
				Method, Path, Query string
				Headers             map[string]string
				BodyBase64          *string `json:"body_base64"`
			}
			Now            string
			MaxSkewSeconds int64 `json:"max_skew_seconds"`
			Expected       string
		}
	}
	loadVectors(t, "request-signatures.json", &v)
	public, err := PublicKeyFromJWK(v.AgentKey.PublicJWK)
	if err != nil || len(v.Verification) == 0 {
		t.Fatalf("vectors: %v", err)
	}
	resolve := func(kid string) ed25519.PublicKey {
		if kid == v.AgentKey.Kid {
			return public
		}
		return nil
	}
	for _, c := range v.Verification {
		t.Run(c.Name, func(t *testing.T) {
			headers := http.Header{}
			for k, val := range c.Request.Headers {
				headers.Set(k, val)
			}
			var body []byte
			if c.Request.BodyBase64 != nil {
				body, _ = base64.StdEncoding.DecodeString(*c.Request.BodyBase64)
			}
			now, _ := time.Parse(time.RFC3339, c.Now)
			verified, err := VerifyRequest(VerifyRequestOptions{
				Method: c.Request.Method, Path: c.Request.Path, Query: c.Request.Query, Headers: headers, Body: body,
				Now: now, MaxSkew: time.Duration(c.MaxSkewSeconds) * time.Second, ResolveKey: resolve,
			})
			if got := errCode(err); got != c.Expected {
				t.Fatalf("outcome = %s, want %s", got, c.Expected)
			}
			if err == nil && verified.KeyID != v.AgentKey.Kid {
				t.Fatalf("keyid = %s", verified.KeyID)
			}
		})
	}
}

func TestOwnSignaturesVerifyAndAnUnknownKeyDoesNot(t *testing.T) {
	key, err := GenerateAgentKey()
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"action":{}}`)
	signed, err := SignRequest("POST", "/v1/authorize?x=1", body, key, SignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	headers := http.Header{}
	for k, v := range signed {
		headers.Set(k, v)
	}
	opts := VerifyRequestOptions{Method: "POST", Path: "/v1/authorize", Query: "?x=1", Headers: headers, Body: body}
	public, _ := PublicKeyFromJWK(key.PublicJWK)
	opts.ResolveKey = func(string) ed25519.PublicKey { return public }
	if _, err := VerifyRequest(opts); err != nil {
		t.Fatalf("own signature: %v", err)
	}
	opts.ResolveKey = func(string) ed25519.PublicKey { return nil }
	if _, err := VerifyRequest(opts); errCode(err) != "INVALID_SIGNATURE" {
		t.Fatalf("unknown key: %v", err)
	}
}

func TestApprovalTokenVectors(t *testing.T) {
	var v struct {
		JWKS   JWKS
		Token  string
		Claims map[string]any
		Cases  []struct {
			Name   string
			Verify struct {
				Now                   string
				ClockToleranceSeconds float64 `json:"clock_tolerance_seconds"`
				Issuer                string
				AgentID               string          `json:"agent_id"`
				Action                json.RawMessage `json:"action"`
				MinAssurance          string          `json:"min_assurance"`
			}
			Expected string
		}
	}
	loadVectors(t, "approval-tokens.json", &v)
	if len(v.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			now, _ := time.Parse(time.RFC3339, c.Verify.Now)
			tol := time.Duration(c.Verify.ClockToleranceSeconds * float64(time.Second))
			if tol == 0 {
				tol = -1
			}
			opts := VerifyApprovalOptions{Issuer: c.Verify.Issuer, AgentID: c.Verify.AgentID,
				MinAssurance: c.Verify.MinAssurance, Now: now, ClockTolerance: tol}
			if c.Verify.Action != nil {
				opts.Action = c.Verify.Action
			}
			verified, err := VerifyApprovalToken(v.Token, &v.JWKS, opts)
			if got := errCode(err); got != c.Expected {
				t.Fatalf("outcome = %s, want %s", got, c.Expected)
			}
			if err == nil && !reflect.DeepEqual(verified.Claims, v.Claims) {
				t.Fatalf("claims = %v", verified.Claims)
			}
		})
	}
	now, _ := time.Parse(time.RFC3339, v.Cases[0].Verify.Now)
	if _, err := VerifyProof(v.Token, &v.JWKS, VerifyProofOptions{Now: now}); errCode(err) != "WRONG_TYP" {
		t.Fatalf("an approval token passed as a proof: %v", err)
	}
}
