package openleash

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"github.com/openleash/openleash/sdks/go/openleashapi"
)

const registerPath = "/v1/agents/register"

var httpURL = regexp.MustCompile(`(?i)^https?://`)

// ParseInvite splits an invite into the server's base URL and the token. Invite URLs look like
// https://leash.example/v1/agents/register#invite=<token> (the token sits in the fragment, which
// browsers and proxies never send or log); a bare token needs baseURL.
func ParseInvite(inviteURLOrToken, baseURL string) (string, string, error) {
	text := strings.TrimSpace(inviteURLOrToken)
	if text == "" {
		return "", "", newError("INVALID_INVITE", "the invite is empty")
	}
	if !httpURL.MatchString(text) {
		if baseURL == "" {
			return "", "", newError("INVALID_INVITE", "a bare invite token needs a base URL")
		}
		base, err := normalizeBaseURL(baseURL)
		return base, text, err
	}
	u, err := url.Parse(text)
	if err != nil {
		return "", "", newError("INVALID_INVITE", "the invite URL does not parse")
	}
	fragment, _ := url.ParseQuery(u.Fragment)
	token := fragment.Get("invite")
	if token == "" {
		token = u.Query().Get("invite")
	}
	if token == "" {
		return "", "", newError("INVALID_INVITE", "the invite URL carries no #invite=<token>")
	}
	if baseURL == "" {
		prefix := ""
		if at := strings.Index(u.Path, registerPath); at >= 0 {
			prefix = u.Path[:at]
		}
		baseURL = u.Scheme + "://" + u.Host + prefix
	}
	base, err := normalizeBaseURL(baseURL)
	return base, token, err
}

// RedeemInviteOptions are the optional inputs of RedeemInvite.
type RedeemInviteOptions struct {
	ClientOptions
	// BaseURL is required with a bare invite token; it overrides the invite URL's origin.
	BaseURL string
	// Name to register under (the invite may already name the agent).
	Name string
}

// RedeemedInvite is what RedeemInvite returns: the registered agent, its key id and a ready client.
type RedeemedInvite struct {
	Agent  openleashapi.Agent
	Kid    string
	Client *Agent
}

// RedeemInvite registers the agent from an owner's invite (POST /v1/agents/register): it posts the
// public key, signed with that same key as proof of possession (PROTOCOL.md §3). Single-use.
//
//	key, _ := openleash.GenerateAgentKey()
//	redeemed, err := openleash.RedeemInvite(ctx, os.Getenv("OPENLEASH_INVITE_URL"), key, nil)
func RedeemInvite(ctx context.Context, inviteURLOrToken string, key *AgentKey, opts *RedeemInviteOptions) (*RedeemedInvite, error) {
	if opts == nil {
		opts = &RedeemInviteOptions{}
	}
	base, token, err := ParseInvite(inviteURLOrToken, opts.BaseURL)
	if err != nil {
		return nil, err
	}
	agent, err := NewAgent(base, key, &opts.ClientOptions)
	if err != nil {
		return nil, err
	}
	body := openleashapi.RegisterRequest{
		InviteToken: token,
		PublicKey:   openleashapi.PublicJwk{Kty: "OKP", Crv: "Ed25519", X: key.PublicJWK.X},
	}
	if opts.Name != "" {
		body.Name = &opts.Name
	}
	resp, err := agent.API.PostV1AgentsRegisterWithResponse(ctx, body)
	if err != nil {
		return nil, err
	}
	registered, err := ok(resp.JSON201, resp.StatusCode(), resp.Body)
	if err != nil {
		return nil, err
	}
	return &RedeemedInvite{Agent: registered.Agent, Kid: registered.Kid, Client: agent}, nil
}
