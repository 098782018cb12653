// Package openleash is the Go SDK of OpenLeash: agents ask before acting (RFC 9421-signed
// POST /v1/authorize), owners decide, counterparties verify proof tokens offline.
//
// The HTTP client is generated from spec/openapi.json into the openleashapi package (oapi-codegen,
// never edited by hand); this package adds request signing (PROTOCOL.md §3), offline proof
// verification with a cached JWKS (§5), the RFC 8785 action hash (§2), invite redemption and
// waiting for approvals (§6).
//
//	key, _ := openleash.GenerateAgentKey()
//	redeemed, _ := openleash.RedeemInvite(ctx, inviteURL, key, nil)
//	r, _ := redeemed.Client.Authorize(ctx, action, nil)
//	if r.Decision == "ALLOW" { /* act, hand r.ProofToken to the counterparty */ }
package openleash
