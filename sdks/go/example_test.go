package openleash_test

import (
	"context"
	"fmt"
	"log"
	"os"

	openleash "github.com/openleash/openleash/sdks/go"
)

// The README's ten lines (compiled by go vet/go test; run against a server in live_test.go).
func Example() {
	ctx := context.Background()
	key, _ := openleash.GenerateAgentKey()                                          // the agent's Ed25519 key
	redeemed, err := openleash.RedeemInvite(ctx, os.Getenv("INVITE_URL"), key, nil) // register once
	if err != nil {
		log.Fatal(err)
	}
	action, _ := openleash.NewAction(openleash.ActionInput{Type: "purchase", RelyingParty: map[string]string{"domain": "storeco.example"},
		Payload: map[string]any{"item": "headphones", "amount_minor": 8500, "currency": "USD"}})
	r, err := redeemed.Client.AuthorizeAndWait(ctx, action, nil, nil) // waits if a human must approve
	if err != nil || r.Decision != "ALLOW" {
		log.Fatalf("not allowed: %v", err)
	}
	// ...the shop, offline, with only the issuer's public keys:
	proof, err := openleash.VerifyProofOffline(ctx, *r.ProofToken, openleash.VerifyProofOfflineOptions{
		VerifyProofOptions: openleash.VerifyProofOptions{Issuer: "http://127.0.0.1:8787", Audience: "storeco.example", Action: action}})
	fmt.Println(proof.Claims["sub"], err)
}

// Hashing an action (PROTOCOL.md §2): the same value in any member order and number spelling.
func ExampleActionHash() {
	hash, _ := openleash.ActionHash([]byte(`{"type":"purchase","id":"a1","payload":{"amount_minor":8500.0}}`))
	same, _ := openleash.ActionHash(map[string]any{"id": "a1", "payload": map[string]any{"amount_minor": 8500}, "type": "purchase"})
	fmt.Println(hash == same, len(hash))
	// Output: true 43
}
