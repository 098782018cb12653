package openleash

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

const (
	// SignatureTag is the tag parameter that marks an OpenLeash agent signature (RFC 9421 §2.3).
	SignatureTag = "openleash"
	// SignatureAlg is the RFC 9421 §6.2.2 algorithm name.
	SignatureAlg = "ed25519"
	// SignatureLabel is the signature label this SDK writes.
	SignatureLabel = "sig1"
)

// 22 base64url characters are 128 bits (PROTOCOL.md §3: nonce ≥ 128 random bits).
var nonceRE = regexp.MustCompile(`^[\x21-\x7e]{22,256}$`)

// SignOptions tunes a request signature; the zero value signs now with a fresh nonce.
type SignOptions struct {
	// Now is the signing time (created); zero means time.Now().
	Now time.Time
	// Nonce defaults to 16 random bytes in base64url.
	Nonce string
	// ExpiresIn adds expires = created + ExpiresIn (whole seconds) when positive.
	ExpiresIn time.Duration
}

// ContentDigest is the RFC 9530 Content-Digest value of a body: sha-256=:<base64>:.
func ContentDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
}

// SplitTarget returns the RFC 9421 @path and @query ("" or "?...") of an absolute URL or of a
// path?query target, exactly as sent (percent-encoding kept).
func SplitTarget(target string) (path, query string, err error) {
	if target == "" {
		return "", "", errors.New("url must not be empty")
	}
	if !strings.HasPrefix(target, "/") {
		u, err := url.Parse(target)
		if err != nil {
			return "", "", err
		}
		target = u.EscapedPath()
		if u.RawQuery != "" {
			target += "?" + u.RawQuery
		}
	}
	target, _, _ = strings.Cut(target, "#")
	path, q, hasQuery := strings.Cut(target, "?")
	if path == "" {
		path = "/" // RFC 9421 §2.2.6
	}
	if hasQuery && q != "" {
		query = "?" + q // §2.2.7: a lone "?" carries nothing to protect
	}
	return path, query, nil
}

func sfString(s string) (string, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return "", errors.New("structured-field strings must be printable ASCII")
		}
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`, nil
}

// PrepareSignature returns the headers to send except Signature (Content-Digest when there is a
// body, and Signature-Input) and the RFC 9421 §2.5 signature base to sign with the key keyID: for
// keys held elsewhere (an HSM, a KMS). SignRequest does both steps.
func PrepareSignature(method, target, keyID string, body []byte, opts SignOptions) (map[string]string, string, error) {
	if method == "" {
		return nil, "", errors.New("method must not be empty")
	}
	path, query, err := SplitTarget(target)
	if err != nil {
		return nil, "", err
	}
	nonce := opts.Nonce
	if nonce == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return nil, "", err
		}
		nonce = base64.RawURLEncoding.EncodeToString(b)
	}
	if !nonceRE.MatchString(nonce) {
		return nil, "", errors.New("nonce must be 22-256 printable ASCII characters")
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	created := now.Unix()
	headers := map[string]string{}
	names := []string{"@method", "@path"}
	values := []string{strings.ToUpper(method), path}
	if query != "" {
		names, values = append(names, "@query"), append(values, query)
	}
	if len(body) > 0 {
		headers["content-digest"] = ContentDigest(body)
		names, values = append(names, "content-digest"), append(values, headers["content-digest"])
	}
	nonceSF, err := sfString(nonce)
	if err != nil {
		return nil, "", err
	}
	keySF, err := sfString(keyID)
	if err != nil {
		return nil, "", err
	}
	params := fmt.Sprintf(`;created=%d;nonce=%s;keyid=%s;alg="%s";tag="%s"`, created, nonceSF, keySF, SignatureAlg, SignatureTag)
	if secs := int64(opts.ExpiresIn / time.Second); secs > 0 {
		params += fmt.Sprintf(";expires=%d", created+secs)
	} else if opts.ExpiresIn < 0 {
		return nil, "", errors.New("ExpiresIn must be positive")
	}
	inner := `("` + strings.Join(names, `" "`) + `")` + params
	var base strings.Builder
	for i, name := range names {
		if strings.ContainsAny(values[i], "\r\n") {
			return nil, "", fmt.Errorf("component %s contains a line break", name)
		}
		fmt.Fprintf(&base, "%q: %s\n", name, values[i])
	}
	base.WriteString(`"@signature-params": ` + inner)
	headers["signature-input"] = SignatureLabel + "=" + inner
	return headers, base.String(), nil
}

// SignRequest signs an agent request (PROTOCOL.md §3: RFC 9421 with Ed25519, RFC 9530
// Content-Digest) and returns the headers to add: content-digest (with a body), signature-input
// and signature. target is an absolute URL or path?query exactly as sent.
//
//	headers, err := openleash.SignRequest("POST", baseURL+"/v1/authorize", body, key, openleash.SignOptions{})
func SignRequest(method, target string, body []byte, key *AgentKey, opts SignOptions) (map[string]string, error) {
	headers, base, err := PrepareSignature(method, target, key.Kid, body, opts)
	if err != nil {
		return nil, err
	}
	headers["signature"] = SignatureLabel + "=:" + base64.StdEncoding.EncodeToString(key.Sign([]byte(base))) + ":"
	return headers, nil
}

// SignHTTPRequest signs req in place with the agent's key: it reads the body (restoring it), signs
// method, path, query and body digest, and sets the headers. Each call uses a fresh nonce.
func SignHTTPRequest(req *http.Request, key *AgentKey, opts SignOptions) error {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		if req.GetBody != nil {
			rc, gerr := req.GetBody()
			if gerr != nil {
				return gerr
			}
			body, err = io.ReadAll(rc)
			rc.Close()
		} else {
			body, err = io.ReadAll(req.Body)
			req.Body.Close()
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		if err != nil {
			return err
		}
	}
	headers, err := SignRequest(req.Method, req.URL.RequestURI(), body, key, opts)
	if err != nil {
		return err
	}
	for name, value := range headers {
		req.Header.Set(name, value)
	}
	return nil
}

// SigningEditor is a request editor for the generated client (openleashapi.WithRequestEditorFn)
// that signs every request with the agent's key.
func SigningEditor(key *AgentKey, expiresIn time.Duration) func(ctx context.Context, req *http.Request) error {
	return func(_ context.Context, req *http.Request) error {
		return SignHTTPRequest(req, key, SignOptions{ExpiresIn: expiresIn})
	}
}
