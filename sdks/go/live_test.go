package openleash

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/openleash/openleash/sdks/go/openleashapi"
)

// testPolicy answers each decision: small USD purchases are allowed, big ones need the owner's
// approval, anything else (another currency, another action) is denied.
const testPolicy = `version: 1
name: sdk-tests
default: deny
rules:
  - id: small-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { max: 10000 }
      currencies: [USD]
  - id: big-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { min: 10001 }
      currencies: [USD]
    obligations:
      - type: HUMAN_APPROVAL
`

const store = "storeco.example"

var (
	listeningRE = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	tokenRE     = regexp.MustCompile(`^\s+(\S{20,})\s*$`)
)

// startServer runs a REAL `openleash start --port 0 --data <tmp>` process until the test ends and
// returns its base URL (the issuer) and the admin token printed on first start.
func startServer(t *testing.T) (string, string) {
	t.Helper()
	cli := os.Getenv("OPENLEASH_CLI")
	if cli == "" {
		cli = filepath.Join("..", "..", "apps", "cli", "dist", "bin.js")
	}
	if _, err := os.Stat(cli); err != nil {
		t.Fatalf("%s is missing: build the workspace first (pnpm build)", cli)
	}
	data := t.TempDir()
	cmd := exec.Command("node", cli, "start", "--port", "0", "--data", filepath.Join(data, "data"), "--log-level", "warn")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	type found struct{ url, token string }
	ready := make(chan found, 1)
	go func() {
		var f found
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() { // keeps draining so the server never blocks on a full pipe
			line := scanner.Text()
			if m := listeningRE.FindStringSubmatch(line); m != nil {
				f.url = m[1]
			} else if m := tokenRE.FindStringSubmatch(line); m != nil && f.url != "" && f.token == "" {
				f.token = m[1]
				ready <- f
			}
		}
	}()
	select {
	case f := <-ready:
		return f.url, f.token
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start: %s", stderr.String())
	}
	return "", ""
}

func purchase(t *testing.T, amount int, currency string) map[string]any {
	t.Helper()
	action, err := NewAction(ActionInput{
		Type:         "purchase",
		Payload:      map[string]any{"amount_minor": amount, "currency": currency, "item": "headphones", "ratio": 0.1 + 0.2},
		RelyingParty: map[string]string{"domain": store},
	})
	if err != nil {
		t.Fatal(err)
	}
	return action
}

// must(f())(t) is f's value, failing the test on f's error.
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestLiveServer(t *testing.T) {
	url, adminToken := startServer(t)
	ctx := context.Background()
	admin := must(NewAdmin(url, adminToken, nil))(t)
	created := must(admin.CreateOwner(ctx, "Alice", "user"))(t)
	owner := must(NewOwner(url, created.ApiToken, nil))(t)
	policy := must(owner.CreatePolicy(ctx, "sdk-tests", testPolicy))(t)
	must(owner.CreateBinding(ctx, openleashapi.CreateBindingRequest{PolicyId: policy.Policy.Id, Scope: "owner"}))(t)
	name := "go-shopper"
	invite := must(owner.CreateInvite(ctx, openleashapi.CreateInviteRequest{Name: &name}))(t)
	key := must(GenerateAgentKey())(t)
	redeemed := must(RedeemInvite(ctx, invite.InviteUrl, key, nil))(t)
	agent := redeemed.Client
	cache := NewJwksCache()
	verify := func(token string, opts VerifyProofOptions) (*VerifiedProof, error) {
		opts.Issuer = url
		return VerifyProofOffline(ctx, token, VerifyProofOfflineOptions{VerifyProofOptions: opts, Cache: cache})
	}

	t.Run("registered agent is known by its key", func(t *testing.T) {
		me := must(agent.Me(ctx))(t)
		if me.Kid != key.Kid || me.Agent.Id != redeemed.Agent.Id || me.Agent.Name != name {
			t.Fatalf("me = %+v", me)
		}
	})

	t.Run("ALLOW carries a proof that verifies offline", func(t *testing.T) {
		action := purchase(t, 8500, "USD")
		r := must(agent.Authorize(ctx, action, nil))(t)
		if r.Decision != openleashapi.AuthorizeResponseDecisionALLOW || r.ProofToken == nil {
			t.Fatalf("decision = %s", r.Decision)
		}
		if hash := must(ActionHash(action))(t); r.ActionHash != hash {
			t.Fatalf("server hashed %s, SDK %s", r.ActionHash, hash)
		}
		proof := must(verify(*r.ProofToken, VerifyProofOptions{Audience: store, Action: action}))(t)
		if proof.Claims["sub"] != redeemed.Agent.Id || proof.Claims["jti"] != r.DecisionId {
			t.Fatalf("claims = %v", proof.Claims)
		}
		// A generic JWT library verifies it too (PROTOCOL.md §5): plain golang-jwt with the JWKS key.
		jwks := must(cache.Get(ctx, url+"/.well-known/jwks.json", false))(t)
		parsed, err := jwt.Parse(*r.ProofToken, func(tok *jwt.Token) (any, error) {
			return jwks.KeyForKid(tok.Header["kid"].(string)), nil
		}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience(store), jwt.WithIssuer(url))
		if err != nil || !parsed.Valid {
			t.Fatalf("golang-jwt: %v", err)
		}
		// The server verifies the same token online and sees the same claims.
		body, _ := json.Marshal(map[string]any{"token": *r.ProofToken, "action": action})
		resp := must(http.Post(url+"/v1/verify-proof", "application/json", bytes.NewReader(body)))(t)
		defer resp.Body.Close()
		var online struct{ Valid bool }
		if json.NewDecoder(resp.Body).Decode(&online) != nil || !online.Valid {
			t.Fatal("server says the proof is invalid")
		}
	})

	t.Run("a proof tampered by one byte is rejected", func(t *testing.T) {
		action := purchase(t, 200, "USD")
		token := *must(agent.Authorize(ctx, action, nil))(t).ProofToken
		for part := 0; part < 3; part++ {
			segments := strings.Split(token, ".")
			s := segments[part]
			i := len(s) / 2
			c := byte('A')
			if s[i] == 'A' {
				c = 'B'
			}
			segments[part] = s[:i] + string(c) + s[i+1:]
			_, err := verify(strings.Join(segments, "."), VerifyProofOptions{Action: action})
			switch errCode(err) {
			case "INVALID_SIGNATURE", "MALFORMED_TOKEN", "UNKNOWN_KID", "UNSUPPORTED_ALGORITHM":
			default:
				t.Fatalf("part %d: tampered token gave %s", part, errCode(err))
			}
		}
		must(verify(token, VerifyProofOptions{Action: action}))(t)
		other := purchase(t, 200, "USD")
		if _, err := verify(token, VerifyProofOptions{Action: other}); errCode(err) != "ACTION_HASH_MISMATCH" {
			t.Fatalf("other action: %v", err)
		}
		if _, err := verify(token, VerifyProofOptions{Audience: "evil.example"}); errCode(err) != "AUDIENCE_MISMATCH" {
			t.Fatalf("other audience: %v", err)
		}
	})

	t.Run("DENY is an answer without proof", func(t *testing.T) {
		r := must(agent.Authorize(ctx, purchase(t, 500, "EUR"), nil))(t)
		if r.Decision != openleashapi.AuthorizeResponseDecisionDENY || r.ProofToken != nil {
			t.Fatalf("decision = %s", r.Decision)
		}
	})

	t.Run("REQUIRE_APPROVAL, approved, then ALLOW; the approval token is single-use", func(t *testing.T) {
		action := purchase(t, 25000, "USD")
		first := must(agent.Authorize(ctx, action, nil))(t)
		if first.Decision != openleashapi.AuthorizeResponseDecisionREQUIREAPPROVAL || first.ApprovalRequestId == nil {
			t.Fatalf("decision = %s", first.Decision)
		}
		must(owner.Approve(ctx, *first.ApprovalRequestId, ""))(t)
		view := must(agent.WaitForApproval(ctx, *first.ApprovalRequestId, &WaitOptions{Timeout: 10 * time.Second}))(t)
		if view.Status != openleashapi.AgentApprovalViewStatusAPPROVED || view.ApprovalToken == nil {
			t.Fatalf("status = %s", view.Status)
		}
		final := must(agent.Authorize(ctx, action, &AuthorizeOptions{ApprovalToken: *view.ApprovalToken}))(t)
		if final.Decision != openleashapi.AuthorizeResponseDecisionALLOW {
			t.Fatalf("decision = %s", final.Decision)
		}
		proof := must(verify(*final.ProofToken, VerifyProofOptions{Action: action}))(t)
		if proof.Claims["approval_id"] != *first.ApprovalRequestId {
			t.Fatalf("claims = %v", proof.Claims)
		}
		_, err := agent.Authorize(ctx, action, &AuthorizeOptions{ApprovalToken: *view.ApprovalToken})
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Status < 400 || apiErr.Status >= 500 {
			t.Fatalf("reused approval token: %v", err)
		}
	})

	t.Run("AuthorizeAndWait long-polls until the owner decides", func(t *testing.T) {
		action := purchase(t, 30000, "USD")
		hash := must(ActionHash(action))(t)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // the owner approves once the request shows up
			defer wg.Done()
			for i := 0; i < 200; i++ {
				list, err := owner.ListApprovals(ctx, "PENDING")
				if err == nil {
					for _, a := range list {
						if a.ActionHash == hash {
							_, _ = owner.Approve(ctx, a.Id, "ok")
							return
						}
					}
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
		r, err := agent.AuthorizeAndWait(ctx, action, nil, &WaitOptions{Timeout: 20 * time.Second, PollSeconds: 5})
		wg.Wait()
		if err != nil || r.Decision != openleashapi.AuthorizeResponseDecisionALLOW {
			t.Fatalf("AuthorizeAndWait: %v", err)
		}
	})

	t.Run("a denied approval is reported", func(t *testing.T) {
		first := must(agent.Authorize(ctx, purchase(t, 40000, "USD"), nil))(t)
		must(owner.Deny(ctx, *first.ApprovalRequestId, "not today"))(t)
		view := must(agent.WaitForApproval(ctx, *first.ApprovalRequestId, &WaitOptions{Timeout: 10 * time.Second}))(t)
		if view.Status != openleashapi.AgentApprovalViewStatusDENIED {
			t.Fatalf("status = %s", view.Status)
		}
	})

	t.Run("a hand-signed request is accepted, its replay and a changed body refused", func(t *testing.T) {
		body := must(json.Marshal(map[string]any{"action": purchase(t, 300, "USD")}))(t)
		send := func(b []byte, headers map[string]string) (int, map[string]any) {
			req := must(http.NewRequest(http.MethodPost, url+"/v1/authorize", bytes.NewReader(b)))(t)
			req.Header.Set("content-type", "application/json")
			for k, v := range headers {
				req.Header.Set(k, v)
			}
			resp := must(http.DefaultClient.Do(req))(t)
			defer resp.Body.Close()
			var out map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&out)
			return resp.StatusCode, out
		}
		t.Setenv("OPENLEASH_URL", url)
		t.Setenv("OPENLEASH_PRIVATE_KEY_JWK", string(must(json.Marshal(key.PrivateJWK()))(t)))
		fromEnv := must(AgentFromEnv(nil))(t)
		if me := must(fromEnv.Me(ctx))(t); me.Kid != key.Kid {
			t.Fatalf("from env: kid %s", me.Kid)
		}
		headers := must(SignRequest("POST", url+"/v1/authorize", body, key, SignOptions{}))(t)
		if status, out := send(body, headers); status != 200 || out["decision"] != "ALLOW" {
			t.Fatalf("signed request: %d %v", status, out)
		}
		if status, out := send(body, headers); status != 401 || out["code"] != "NONCE_REPLAY" {
			t.Fatalf("replay: %d %v", status, out)
		}
		fresh := must(SignRequest("POST", url+"/v1/authorize", body, key, SignOptions{}))(t)
		if status, out := send(bytes.Replace(body, []byte("300"), []byte("301"), 1), fresh); status != 401 || out["code"] != "DIGEST_MISMATCH" {
			t.Fatalf("changed body: %d %v", status, out)
		}
	})

	t.Run("an unregistered key is refused", func(t *testing.T) {
		strangerKey := must(GenerateAgentKey())(t)
		stranger := must(NewAgent(url, strangerKey, nil))(t)
		_, err := stranger.Authorize(ctx, purchase(t, 100, "USD"), nil)
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Code != "INVALID_SIGNATURE" {
			t.Fatalf("stranger: %v", err)
		}
	})

	// Last: rotating the instance key changes what other subtests' caches would see.
	t.Run("a cached JWKS follows key rotations", func(t *testing.T) {
		counter := &countingTransport{}
		rotCache := NewJwksCache()
		rotCache.MinRefreshInterval = 0
		rotCache.HTTPClient = &http.Client{Transport: counter}
		action := purchase(t, 100, "USD")
		opts := VerifyProofOfflineOptions{VerifyProofOptions: VerifyProofOptions{Issuer: url, Action: action}, Cache: rotCache}
		before := *must(agent.Authorize(ctx, action, nil))(t).ProofToken
		old := must(VerifyProofOffline(ctx, before, opts))(t)
		rotate := func() string {
			req := must(http.NewRequest(http.MethodPost, url+"/v1/admin/keys/rotate", nil))(t)
			req.Header.Set("Authorization", "Bearer "+adminToken)
			resp := must(http.DefaultClient.Do(req))(t)
			defer resp.Body.Close()
			var out struct {
				ActiveKid string `json:"active_kid"`
			}
			if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&out) != nil {
				t.Fatalf("rotate: HTTP %d", resp.StatusCode)
			}
			return out.ActiveKid
		}
		// PROTOCOL.md §5: the next key is published before use, so the cached set already has it.
		first := rotate()
		proof := must(VerifyProofOffline(ctx, *must(agent.Authorize(ctx, action, nil))(t).ProofToken, opts))(t)
		if proof.Header["kid"] != first || first == old.Header["kid"] || counter.count() != 1 {
			t.Fatalf("after one rotation: kid %v, fetches %d", proof.Header["kid"], counter.count())
		}
		// A second rotation activates a key published after the cache was filled: one refresh.
		second := rotate()
		proof = must(VerifyProofOffline(ctx, *must(agent.Authorize(ctx, action, nil))(t).ProofToken, opts))(t)
		if proof.Header["kid"] != second || counter.count() != 2 {
			t.Fatalf("after two rotations: kid %v, fetches %d", proof.Header["kid"], counter.count())
		}
		// Retired keys stay published while their tokens live.
		must(VerifyProofOffline(ctx, before, opts))(t)
	})
}

// countingTransport counts the real requests it forwards (JWKS fetches).
type countingTransport struct {
	mu sync.Mutex
	n  int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (c *countingTransport) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
