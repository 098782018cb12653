package openleash

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"time"

	"github.com/openleash/openleash/sdks/go/openleashapi"
)

const (
	defaultApprovalTimeout = 15 * time.Minute
	defaultPollSeconds     = 25
	// A server that answers PENDING at once must not turn waiting into a busy loop.
	minPollInterval = time.Second
)

// Agent is the agent side of OpenLeash: every request is RFC 9421-signed with the agent's key
// (PROTOCOL.md §3). Call Authorize before anything risky and act only on ALLOW. API is the
// generated client (signing every request) for endpoints without a helper.
type Agent struct {
	API     *openleashapi.ClientWithResponses
	Kid     string
	BaseURL string
}

// NewAgent returns a client for the agent holding key on the server at baseURL.
func NewAgent(baseURL string, key *AgentKey, opts *ClientOptions) (*Agent, error) {
	if key == nil {
		return nil, errors.New("openleash: key is required (GenerateAgentKey / ImportAgentKey)")
	}
	var expires time.Duration
	if opts != nil {
		expires = opts.ExpiresIn
	}
	api, base, err := newGenerated(baseURL, opts, SigningEditor(key, expires))
	if err != nil {
		return nil, err
	}
	return &Agent{API: api, Kid: key.Kid, BaseURL: base}, nil
}

// AuthorizeOptions are the optional members of an authorize request (PROTOCOL.md §4).
type AuthorizeOptions struct {
	// ApprovalToken is the single-use token received after the owner approved this exact action.
	ApprovalToken string
	// PresentedProofs are proof tokens received from counterparties (they end up in the chain).
	PresentedProofs []string
	// Explain asks for the evaluation trace.
	Explain bool
}

// Authorize asks whether the agent may perform action (POST /v1/authorize). action is a map, a
// struct or json.RawMessage, sent exactly as given; every decision is an answer, DENY included.
// Only a refused request (bad signature, replay, invalid body, used approval token...) is an error.
func (a *Agent) Authorize(ctx context.Context, action any, opts *AuthorizeOptions) (*openleashapi.AuthorizeResponse, error) {
	body := map[string]any{"action": action}
	if opts != nil {
		if opts.ApprovalToken != "" {
			body["approval_token"] = opts.ApprovalToken
		}
		if len(opts.PresentedProofs) > 0 {
			body["presented_proofs"] = opts.PresentedProofs
		}
		if opts.Explain {
			body["explain"] = true
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return nil, err
	}
	resp, err := a.API.PostV1AuthorizeWithBodyWithResponse(ctx, "application/json", &buf)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON200, resp.StatusCode(), resp.Body)
}

// WaitOptions tunes WaitForApproval.
type WaitOptions struct {
	// Timeout gives up with APPROVAL_TIMEOUT (default 15 minutes).
	Timeout time.Duration
	// PollSeconds is the longest single long-poll asked of the server (default 25, at most 120).
	PollSeconds int
}

// WaitForApproval waits for the owner to decide, long-polling GET /v1/agent/approval-requests/{id}
// (each poll freshly signed). It returns the final view (APPROVED with its single-use
// ApprovalToken, DENIED, EXPIRED or USED); APPROVAL_TIMEOUT after opts.Timeout; ctx cancels.
func (a *Agent) WaitForApproval(ctx context.Context, id string, opts *WaitOptions) (*openleashapi.AgentApprovalView, error) {
	timeout, poll := defaultApprovalTimeout, defaultPollSeconds
	if opts != nil && opts.Timeout > 0 {
		timeout = opts.Timeout
	}
	if opts != nil && opts.PollSeconds != 0 {
		poll = opts.PollSeconds
	}
	if id == "" || poll < 0 || poll > 120 {
		return nil, errors.New("openleash: id is required and PollSeconds must be 0-120")
	}
	deadline := time.Now().Add(timeout)
	for {
		started := time.Now()
		wait := min(poll, int(time.Until(deadline)/time.Second))
		wait = max(0, min(wait, int((DefaultTimeout-5*time.Second)/time.Second)))
		resp, err := a.API.GetV1AgentApprovalRequestsIdWithResponse(ctx, id, &openleashapi.GetV1AgentApprovalRequestsIdParams{Wait: &wait})
		if err != nil {
			return nil, err
		}
		view, err := ok(resp.JSON200, resp.StatusCode(), resp.Body)
		if err != nil {
			return nil, err
		}
		if view.Status != openleashapi.AgentApprovalViewStatusPENDING {
			return view, nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, newError("APPROVAL_TIMEOUT", "approval %s still pending after %s", id, timeout)
		}
		if elapsed := time.Since(started); elapsed < minPollInterval {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(min(minPollInterval-elapsed, left)):
			}
		}
	}
}

// AuthorizeAndWait is Authorize, and when a human must approve: wait, then authorize again with
// the approval token (limits are charged then). APPROVAL_DENIED / APPROVAL_EXPIRED when the
// owner said no or time ran out on their side; APPROVAL_TIMEOUT when ours did.
func (a *Agent) AuthorizeAndWait(ctx context.Context, action any, opts *AuthorizeOptions, wait *WaitOptions) (*openleashapi.AuthorizeResponse, error) {
	first, err := a.Authorize(ctx, action, opts)
	if err != nil {
		return nil, err
	}
	if first.Decision != openleashapi.AuthorizeResponseDecisionREQUIREAPPROVAL &&
		first.Decision != openleashapi.AuthorizeResponseDecisionREQUIRESTEPUP {
		return first, nil
	}
	if first.ApprovalRequestId == nil {
		return nil, newError("UNEXPECTED_RESPONSE", "%s without approval_request_id", first.Decision)
	}
	view, err := a.WaitForApproval(ctx, *first.ApprovalRequestId, wait)
	if err != nil {
		return nil, err
	}
	if view.Status == openleashapi.AgentApprovalViewStatusDENIED {
		return nil, newError("APPROVAL_DENIED", "approval %s was denied", view.Id)
	}
	if view.Status != openleashapi.AgentApprovalViewStatusAPPROVED || view.ApprovalToken == nil {
		return nil, newError("APPROVAL_EXPIRED", "approval %s is %s", view.Id, view.Status)
	}
	again := AuthorizeOptions{ApprovalToken: *view.ApprovalToken}
	if opts != nil {
		again.PresentedProofs, again.Explain = opts.PresentedProofs, opts.Explain
	}
	return a.Authorize(ctx, action, &again)
}

// Me returns the calling agent as the server sees it (GET /v1/agent/me): checks that signing works.
func (a *Agent) Me(ctx context.Context) (*openleashapi.AgentMe, error) {
	resp, err := a.API.GetV1AgentMeWithResponse(ctx)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON200, resp.StatusCode(), resp.Body)
}

// AgentFromEnv returns the agent of OPENLEASH_URL and OPENLEASH_PRIVATE_KEY_JWK (the agent.env
// that `openleash init` writes).
func AgentFromEnv(opts *ClientOptions) (*Agent, error) {
	baseURL, raw := os.Getenv("OPENLEASH_URL"), os.Getenv("OPENLEASH_PRIVATE_KEY_JWK")
	if baseURL == "" || raw == "" {
		return nil, errors.New("openleash: OPENLEASH_URL and OPENLEASH_PRIVATE_KEY_JWK must be set (see agent.env)")
	}
	var jwk JWK
	if err := json.Unmarshal([]byte(raw), &jwk); err != nil {
		return nil, errors.New("openleash: OPENLEASH_PRIVATE_KEY_JWK is not JSON")
	}
	key, err := ImportAgentKey(jwk)
	if err != nil {
		return nil, err
	}
	return NewAgent(baseURL, key, opts)
}
