package openleash

import (
	"context"
	"errors"
	"net/http"

	"github.com/openleash/openleash/sdks/go/openleashapi"
)

func bearer(token string) openleashapi.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// Owner is the owner API (Authorization: Bearer <owner API token>): invites, agents, policies,
// bindings and approvals. API is the generated client (token set) for every other endpoint.
type Owner struct {
	API *openleashapi.ClientWithResponses
}

// NewOwner returns an owner client; token is the owner's API token (keep it secret).
func NewOwner(baseURL, token string, opts *ClientOptions) (*Owner, error) {
	if token == "" {
		return nil, errors.New("openleash: token is required")
	}
	api, _, err := newGenerated(baseURL, opts, bearer(token))
	if err != nil {
		return nil, err
	}
	return &Owner{API: api}, nil
}

// Me returns the owner behind the token and the assurance level it authenticates at.
func (o *Owner) Me(ctx context.Context) (*openleashapi.OwnerMe, error) {
	resp, err := o.API.GetV1OwnerMeWithResponse(ctx)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON200, resp.StatusCode(), resp.Body)
}

// CreateInvite creates a single-use agent invite; its InviteUrl (shown once) is what the agent redeems.
func (o *Owner) CreateInvite(ctx context.Context, req openleashapi.CreateInviteRequest) (*openleashapi.CreatedInvite, error) {
	resp, err := o.API.PostV1OwnerAgentInvitesWithResponse(ctx, req)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON201, resp.StatusCode(), resp.Body)
}

// CreatePolicy uploads a policy (YAML source); a validation error is a 400 with line and column.
func (o *Owner) CreatePolicy(ctx context.Context, name, source string) (*openleashapi.CreatedPolicy, error) {
	resp, err := o.API.PostV1OwnerPoliciesWithResponse(ctx, openleashapi.CreatePolicyRequest{Name: name, Source: source})
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON201, resp.StatusCode(), resp.Body)
}

// CreateBinding binds a policy owner-wide, to a group or to an agent.
func (o *Owner) CreateBinding(ctx context.Context, req openleashapi.CreateBindingRequest) (*openleashapi.Binding, error) {
	resp, err := o.API.PostV1OwnerBindingsWithResponse(ctx, req)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON201, resp.StatusCode(), resp.Body)
}

// ListApprovals lists approval requests, filtered by status when it is not empty (PENDING, ...).
func (o *Owner) ListApprovals(ctx context.Context, status string) ([]openleashapi.ApprovalRequest, error) {
	params := &openleashapi.GetV1OwnerApprovalRequestsParams{}
	if status != "" {
		s := openleashapi.GetV1OwnerApprovalRequestsParamsStatus(status)
		params.Status = &s
	}
	resp, err := o.API.GetV1OwnerApprovalRequestsWithResponse(ctx, params)
	if err != nil {
		return nil, err
	}
	page, err := ok(resp.JSON200, resp.StatusCode(), resp.Body)
	if err != nil {
		return nil, err
	}
	return page.ApprovalRequests, nil
}

// Approve approves a pending request (an API token authenticates at assurance LOW).
func (o *Owner) Approve(ctx context.Context, id, note string) (*openleashapi.ApprovalRequest, error) {
	resp, err := o.API.PostV1OwnerApprovalRequestsIdApproveWithResponse(ctx, id, decide(note))
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON200, resp.StatusCode(), resp.Body)
}

// Deny denies a pending request.
func (o *Owner) Deny(ctx context.Context, id, note string) (*openleashapi.ApprovalRequest, error) {
	resp, err := o.API.PostV1OwnerApprovalRequestsIdDenyWithResponse(ctx, id, decide(note))
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON200, resp.StatusCode(), resp.Body)
}

// UpdateAgent renames an agent or changes its status (SUSPENDED agents are refused until ACTIVE
// again; REVOKED is final).
func (o *Owner) UpdateAgent(ctx context.Context, agentID string, req openleashapi.UpdateAgentRequest) (*openleashapi.Agent, error) {
	resp, err := o.API.PatchV1OwnerAgentsAgentIdWithResponse(ctx, agentID, req)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON200, resp.StatusCode(), resp.Body)
}

// AddAgentKey adds a public key to an agent (key rotation: add the new key, switch, revoke the old
// one). Only kty, crv and x are sent: a private d never leaves the agent.
func (o *Owner) AddAgentKey(ctx context.Context, agentID string, publicJWK JWK) (*openleashapi.AgentKey, error) {
	body := openleashapi.AddKeyRequest{PublicKey: openleashapi.PublicJwk{
		Kty: openleashapi.PublicJwkKty(publicJWK.Kty), Crv: openleashapi.PublicJwkCrv(publicJWK.Crv), X: publicJWK.X}}
	resp, err := o.API.PostV1OwnerAgentsAgentIdKeysWithResponse(ctx, agentID, body)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON201, resp.StatusCode(), resp.Body)
}

// RevokeAgentKey revokes one key of an agent: requests signed with it are refused from now on.
func (o *Owner) RevokeAgentKey(ctx context.Context, agentID, kid string) (*openleashapi.AgentKey, error) {
	resp, err := o.API.PostV1OwnerAgentsAgentIdKeysKidRevokeWithResponse(ctx, agentID, kid)
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON200, resp.StatusCode(), resp.Body)
}

// ListDecisions returns one page of the owner's authorization decisions, newest first.
func (o *Owner) ListDecisions(ctx context.Context, params openleashapi.GetV1OwnerDecisionsParams) ([]openleashapi.DecisionRecord, error) {
	resp, err := o.API.GetV1OwnerDecisionsWithResponse(ctx, &params)
	if err != nil {
		return nil, err
	}
	page, err := ok(resp.JSON200, resp.StatusCode(), resp.Body)
	if err != nil {
		return nil, err
	}
	return page.Decisions, nil
}

func decide(note string) openleashapi.DecideApprovalRequest {
	if note == "" {
		return openleashapi.DecideApprovalRequest{}
	}
	return openleashapi.DecideApprovalRequest{Note: &note}
}

// Admin is the admin API (Authorization: Bearer <admin token>).
type Admin struct {
	API *openleashapi.ClientWithResponses
}

// NewAdmin returns an admin client.
func NewAdmin(baseURL, token string, opts *ClientOptions) (*Admin, error) {
	if token == "" {
		return nil, errors.New("openleash: token is required")
	}
	api, _, err := newGenerated(baseURL, opts, bearer(token))
	if err != nil {
		return nil, err
	}
	return &Admin{API: api}, nil
}

// CreateOwner creates an owner (ownerType "user" or "org") and its first API token (returned once).
func (a *Admin) CreateOwner(ctx context.Context, name, ownerType string) (*openleashapi.CreatedOwner, error) {
	t := openleashapi.CreateOwnerRequestType(ownerType)
	resp, err := a.API.PostV1AdminOwnersWithResponse(ctx, openleashapi.CreateOwnerRequest{Name: name, Type: &t})
	if err != nil {
		return nil, err
	}
	return ok(resp.JSON201, resp.StatusCode(), resp.Body)
}
