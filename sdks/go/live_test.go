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

// startInfo is the one JSON line `openleash start --json` prints once the server listens; the
// admin token is in it on the first start of a data folder only.
type startInfo struct {
	URL        string `json:"url"`
	AdminToken string `json:"admin_token"`
}

// startServer runs a REAL `openleash start --port 0 --data <tmp> --json` process until the test
// ends and returns its base URL (the issuer) and the admin token printed on first start.
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
	cmd := exec.Command("node", cli, "start", "--port", "0", "--data", filepath.Join(data, "data"), "--log-level", "warn", "--json")
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
	ready := make(chan startInfo, 1)
	failed := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		first := true
		for scanner.Scan() { // keeps draining so the server never blocks on a full pipe
			if !first {
				continue
			}
			first = false
			var info startInfo
			if err := json.Unmarshal(scanner.Bytes(), &info); err != nil || info.URL == "" || info.AdminToken == "" {
				failed <- scanner.Text()
				continue
			}
			ready <- info
		}
	}()
	select {
	case info := <-ready:
		return info.URL, info.AdminToken
	case line := <-failed:
		t.Fatalf("unexpected first line from openleash start --json: %q; stderr: %s", line, stderr.String())
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

// live is the world of TestLiveServer: a real server, an owner with the test policy bound
// owner-wide, and an agent registered through an invite.
type live struct {
	url, adminToken, name string
	ctx                   context.Context
	owner                 *Owner
	agent                 *Agent
	key                   *AgentKey
	redeemed              *RedeemedInvite
	cache                 *JwksCache
}

func setupLive(t *testing.T) *live {
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
	return &live{url: url, adminToken: adminToken, name: name, ctx: ctx, owner: owner, agent: redeemed.Client,
		key: key, redeemed: redeemed, cache: NewJwksCache()}
}

// verify checks a proof offline against the server's JWKS (through the shared cache).
func (w *live) verify(token string, opts VerifyProofOptions) (*VerifiedProof, error) {
	opts.Issuer = w.url
	return VerifyProofOffline(w.ctx, token, VerifyProofOfflineOptions{VerifyProofOptions: opts, Cache: w.cache})
}

func TestLiveServer(t *testing.T) {
	w := setupLive(t)
	t.Run("registered agent is known by its key", w.testMe)
	t.Run("ALLOW carries a proof that verifies offline", w.testAllow)
	t.Run("a proof tampered by one byte is rejected", w.testTampered)
	t.Run("DENY is an answer without proof", w.testDeny)
	t.Run("REQUIRE_APPROVAL, approved, then ALLOW; the approval token is single-use", w.testRequireApproval)
	t.Run("AuthorizeAndWait long-polls until the owner decides", w.testAuthorizeAndWait)
	t.Run("a denied approval is reported", w.testDeniedApproval)
	t.Run("a hand-signed request is accepted, its replay and a changed body refused", w.testHandSigned)
	t.Run("an unregistered key is refused", w.testUnregistered)
	t.Run("the owner rotates an agent key", w.testAgentKeyRotation)
	t.Run("a suspended agent is refused until reactivated", w.testSuspended)
	// Last: rotating the instance key changes what other subtests' caches would see.
	t.Run("a cached JWKS follows key rotations", w.testRotation)
}

// testMe: registered agent is known by its key.
func (w *live) testMe(t *testing.T) {
	me := must(w.agent.Me(w.ctx))(t)
	if me.Kid != w.key.Kid || me.Agent.Id != w.redeemed.Agent.Id || me.Agent.Name != w.name {
		t.Fatalf("me = %+v", me)
	}
}

// testAllow: ALLOW carries a proof that verifies offline.
func (w *live) testAllow(t *testing.T) {
	action := purchase(t, 8500, "USD")
	r := must(w.agent.Authorize(w.ctx, action, nil))(t)
	if r.Decision != openleashapi.AuthorizeResponseDecisionALLOW || r.ProofToken == nil {
		t.Fatalf("decision = %s", r.Decision)
	}
	if hash := must(ActionHash(action))(t); r.ActionHash != hash {
		t.Fatalf("server hashed %s, SDK %s", r.ActionHash, hash)
	}
	proof := must(w.verify(*r.ProofToken, VerifyProofOptions{Audience: store, Action: action}))(t)
	if proof.Claims["sub"] != w.redeemed.Agent.Id || proof.Claims["jti"] != r.DecisionId {
		t.Fatalf("claims = %v", proof.Claims)
	}
	// A generic JWT library verifies it too (PROTOCOL.md §5): plain golang-jwt with the JWKS w.key.
	jwks := must(w.cache.Get(w.ctx, w.url+"/.well-known/jwks.json", false))(t)
	parsed, err := jwt.Parse(*r.ProofToken, func(tok *jwt.Token) (any, error) {
		return jwks.KeyForKid(tok.Header["kid"].(string)), nil
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithAudience(store), jwt.WithIssuer(w.url))
	if err != nil || !parsed.Valid {
		t.Fatalf("golang-jwt: %v", err)
	}
	// The server verifies the same token online and sees the same claims.
	body, _ := json.Marshal(map[string]any{"token": *r.ProofToken, "action": action})
	resp := must(http.Post(w.url+"/v1/verify-proof", "application/json", bytes.NewReader(body)))(t)
	defer resp.Body.Close()
	var online struct{ Valid bool }
	if json.NewDecoder(resp.Body).Decode(&online) != nil || !online.Valid {
		t.Fatal("server says the proof is invalid")
	}
}

// testTampered: a proof tampered by one byte is rejected.
func (w *live) testTampered(t *testing.T) {
	action := purchase(t, 200, "USD")
	token := *must(w.agent.Authorize(w.ctx, action, nil))(t).ProofToken
	for part := 0; part < 3; part++ {
		segments := strings.Split(token, ".")
		s := segments[part]
		i := len(s) / 2
		c := byte('A')
		if s[i] == 'A' {
			c = 'B'
		}
		segments[part] = s[:i] + string(c) + s[i+1:]
		_, err := w.verify(strings.Join(segments, "."), VerifyProofOptions{Action: action})
		switch errCode(err) {
		case "INVALID_SIGNATURE", "MALFORMED_TOKEN", "UNKNOWN_KID", "UNSUPPORTED_ALGORITHM":
		default:
			t.Fatalf("part %d: tampered token gave %s", part, errCode(err))
		}
	}
	must(w.verify(token, VerifyProofOptions{Action: action}))(t)
	other := purchase(t, 200, "USD")
	if _, err := w.verify(token, VerifyProofOptions{Action: other}); errCode(err) != "ACTION_HASH_MISMATCH" {
		t.Fatalf("other action: %v", err)
	}
	if _, err := w.verify(token, VerifyProofOptions{Audience: "evil.example"}); errCode(err) != "AUDIENCE_MISMATCH" {
		t.Fatalf("other audience: %v", err)
	}
}

// testDeny: DENY is an answer without proof.
func (w *live) testDeny(t *testing.T) {
	r := must(w.agent.Authorize(w.ctx, purchase(t, 500, "EUR"), nil))(t)
	if r.Decision != openleashapi.AuthorizeResponseDecisionDENY || r.ProofToken != nil {
		t.Fatalf("decision = %s", r.Decision)
	}
}

// testRequireApproval: REQUIRE_APPROVAL, approved, then ALLOW; the approval token is single-use.
func (w *live) testRequireApproval(t *testing.T) {
	action := purchase(t, 25000, "USD")
	first := must(w.agent.Authorize(w.ctx, action, nil))(t)
	if first.Decision != openleashapi.AuthorizeResponseDecisionREQUIREAPPROVAL || first.ApprovalRequestId == nil {
		t.Fatalf("decision = %s", first.Decision)
	}
	must(w.owner.Approve(w.ctx, *first.ApprovalRequestId, ""))(t)
	view := must(w.agent.WaitForApproval(w.ctx, *first.ApprovalRequestId, &WaitOptions{Timeout: 10 * time.Second}))(t)
	if view.Status != openleashapi.AgentApprovalViewStatusAPPROVED || view.ApprovalToken == nil {
		t.Fatalf("status = %s", view.Status)
	}
	final := must(w.agent.Authorize(w.ctx, action, &AuthorizeOptions{ApprovalToken: *view.ApprovalToken}))(t)
	if final.Decision != openleashapi.AuthorizeResponseDecisionALLOW {
		t.Fatalf("decision = %s", final.Decision)
	}
	proof := must(w.verify(*final.ProofToken, VerifyProofOptions{Action: action}))(t)
	if proof.Claims["approval_id"] != *first.ApprovalRequestId {
		t.Fatalf("claims = %v", proof.Claims)
	}
	_, err := w.agent.Authorize(w.ctx, action, &AuthorizeOptions{ApprovalToken: *view.ApprovalToken})
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status < 400 || apiErr.Status >= 500 {
		t.Fatalf("reused approval token: %v", err)
	}
}

// testAuthorizeAndWait: AuthorizeAndWait long-polls until the owner decides.
func (w *live) testAuthorizeAndWait(t *testing.T) {
	action := purchase(t, 30000, "USD")
	hash := must(ActionHash(action))(t)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the w.owner approves once the request shows up
		defer wg.Done()
		for i := 0; i < 200; i++ {
			list, err := w.owner.ListApprovals(w.ctx, "PENDING")
			if err == nil {
				for _, a := range list {
					if a.ActionHash == hash {
						_, _ = w.owner.Approve(w.ctx, a.Id, "ok")
						return
					}
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	r, err := w.agent.AuthorizeAndWait(w.ctx, action, nil, &WaitOptions{Timeout: 20 * time.Second, PollSeconds: 5})
	wg.Wait()
	if err != nil || r.Decision != openleashapi.AuthorizeResponseDecisionALLOW {
		t.Fatalf("AuthorizeAndWait: %v", err)
	}
}

// testDeniedApproval: a denied approval is reported.
func (w *live) testDeniedApproval(t *testing.T) {
	first := must(w.agent.Authorize(w.ctx, purchase(t, 40000, "USD"), nil))(t)
	must(w.owner.Deny(w.ctx, *first.ApprovalRequestId, "not today"))(t)
	view := must(w.agent.WaitForApproval(w.ctx, *first.ApprovalRequestId, &WaitOptions{Timeout: 10 * time.Second}))(t)
	if view.Status != openleashapi.AgentApprovalViewStatusDENIED {
		t.Fatalf("status = %s", view.Status)
	}
}

// testHandSigned: a hand-signed request is accepted, its replay and a changed body refused.
func (w *live) testHandSigned(t *testing.T) {
	body := must(json.Marshal(map[string]any{"action": purchase(t, 300, "USD")}))(t)
	send := func(b []byte, headers map[string]string) (int, map[string]any) {
		req := must(http.NewRequest(http.MethodPost, w.url+"/v1/authorize", bytes.NewReader(b)))(t)
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
	t.Setenv("OPENLEASH_URL", w.url)
	t.Setenv("OPENLEASH_PRIVATE_KEY_JWK", string(must(json.Marshal(w.key.PrivateJWK()))(t)))
	fromEnv := must(AgentFromEnv(nil))(t)
	if me := must(fromEnv.Me(w.ctx))(t); me.Kid != w.key.Kid {
		t.Fatalf("from env: kid %s", me.Kid)
	}
	headers := must(SignRequest("POST", w.url+"/v1/authorize", body, w.key, SignOptions{}))(t)
	if status, out := send(body, headers); status != 200 || out["decision"] != "ALLOW" {
		t.Fatalf("signed request: %d %v", status, out)
	}
	if status, out := send(body, headers); status != 401 || out["code"] != "NONCE_REPLAY" {
		t.Fatalf("replay: %d %v", status, out)
	}
	fresh := must(SignRequest("POST", w.url+"/v1/authorize", body, w.key, SignOptions{}))(t)
	if status, out := send(bytes.Replace(body, []byte("300"), []byte("301"), 1), fresh); status != 401 || out["code"] != "DIGEST_MISMATCH" {
		t.Fatalf("changed body: %d %v", status, out)
	}
}

// testUnregistered: an unregistered key is refused.
func (w *live) testUnregistered(t *testing.T) {
	strangerKey := must(GenerateAgentKey())(t)
	stranger := must(NewAgent(w.url, strangerKey, nil))(t)
	_, err := stranger.Authorize(w.ctx, purchase(t, 100, "USD"), nil)
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Code != "INVALID_SIGNATURE" {
		t.Fatalf("stranger: %v", err)
	}
}

// testRotation: a cached JWKS follows key rotations.
func (w *live) testRotation(t *testing.T) {
	counter := &countingTransport{}
	rotCache := NewJwksCache()
	rotCache.MinRefreshInterval = 0
	rotCache.HTTPClient = &http.Client{Transport: counter}
	action := purchase(t, 100, "USD")
	opts := VerifyProofOfflineOptions{VerifyProofOptions: VerifyProofOptions{Issuer: w.url, Action: action}, Cache: rotCache}
	before := *must(w.agent.Authorize(w.ctx, action, nil))(t).ProofToken
	old := must(VerifyProofOffline(w.ctx, before, opts))(t)
	rotate := func() string {
		req := must(http.NewRequest(http.MethodPost, w.url+"/v1/admin/keys/rotate", nil))(t)
		req.Header.Set("Authorization", "Bearer "+w.adminToken)
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
	// PROTOCOL.md §5: the next w.key is published before use, so the cached set already has it.
	first := rotate()
	proof := must(VerifyProofOffline(w.ctx, *must(w.agent.Authorize(w.ctx, action, nil))(t).ProofToken, opts))(t)
	if proof.Header["kid"] != first || first == old.Header["kid"] || counter.count() != 1 {
		t.Fatalf("after one rotation: kid %v, fetches %d", proof.Header["kid"], counter.count())
	}
	// A second rotation activates a w.key published after the w.cache was filled: one refresh.
	second := rotate()
	proof = must(VerifyProofOffline(w.ctx, *must(w.agent.Authorize(w.ctx, action, nil))(t).ProofToken, opts))(t)
	if proof.Header["kid"] != second || counter.count() != 2 {
		t.Fatalf("after two rotations: kid %v, fetches %d", proof.Header["kid"], counter.count())
	}
	// Retired keys stay published while their tokens live.
	must(VerifyProofOffline(w.ctx, before, opts))(t)
}

func (w *live) freshAgent(t *testing.T, name string) *RedeemedInvite {
	invite := must(w.owner.CreateInvite(w.ctx, openleashapi.CreateInviteRequest{Name: &name}))(t)
	return must(RedeemInvite(w.ctx, invite.InviteUrl, must(GenerateAgentKey())(t), nil))(t)
}

// testAgentKeyRotation: the owner adds a key, the agent switches to it, the old key is revoked.
func (w *live) testAgentKeyRotation(t *testing.T) {
	old := w.freshAgent(t, "go-rotating")
	newKey := must(GenerateAgentKey())(t)
	added := must(w.owner.AddAgentKey(w.ctx, old.Agent.Id, newKey.PrivateJWK()))(t) // only the public part is sent
	if added.Kid != newKey.Kid || added.PublicJwk.X != newKey.PublicJWK.X || added.PublicJwk.AdditionalProperties["d"] != nil {
		t.Fatalf("added key = %+v", added)
	}
	switched := must(NewAgent(w.url, newKey, nil))(t)
	if me := must(switched.Me(w.ctx))(t); me.Agent.Id != old.Agent.Id {
		t.Fatalf("new key belongs to %s", me.Agent.Id)
	}
	must(w.owner.RevokeAgentKey(w.ctx, old.Agent.Id, old.Kid))(t)
	if _, err := old.Client.Me(w.ctx); errCode(err) != "INVALID_SIGNATURE" {
		t.Fatalf("revoked key: %v", err)
	}
	if r := must(switched.Authorize(w.ctx, purchase(t, 100, "USD"), nil))(t); r.Decision != openleashapi.AuthorizeResponseDecisionALLOW {
		t.Fatalf("decision = %s", r.Decision)
	}
}

// testSuspended: a SUSPENDED agent gets AGENT_INACTIVE; back to ACTIVE it works; decisions are listed.
func (w *live) testSuspended(t *testing.T) {
	agent := w.freshAgent(t, "go-suspended")
	first := must(agent.Client.Authorize(w.ctx, purchase(t, 100, "USD"), nil))(t)
	suspended := openleashapi.UpdateAgentRequestStatus("SUSPENDED")
	if a := must(w.owner.UpdateAgent(w.ctx, agent.Agent.Id, openleashapi.UpdateAgentRequest{Status: &suspended}))(t); a.Status != "SUSPENDED" {
		t.Fatalf("status = %s", a.Status)
	}
	if _, err := agent.Client.Authorize(w.ctx, purchase(t, 100, "USD"), nil); errCode(err) != "AGENT_INACTIVE" {
		t.Fatalf("suspended agent: %v", err)
	}
	active, name := openleashapi.UpdateAgentRequestStatus("ACTIVE"), "go-back"
	must(w.owner.UpdateAgent(w.ctx, agent.Agent.Id, openleashapi.UpdateAgentRequest{Status: &active, Name: &name}))(t)
	if me := must(agent.Client.Me(w.ctx))(t); me.Agent.Name != "go-back" {
		t.Fatalf("name = %s", me.Agent.Name)
	}
	decisions := must(w.owner.ListDecisions(w.ctx, openleashapi.GetV1OwnerDecisionsParams{AgentId: &agent.Agent.Id}))(t)
	found := false
	for _, d := range decisions {
		found = found || d.Id == first.DecisionId
		if d.AgentId != agent.Agent.Id {
			t.Fatalf("decision of another agent: %+v", d)
		}
	}
	if !found {
		t.Fatalf("decision %s not listed", first.DecisionId)
	}
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
