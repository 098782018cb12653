package openleash

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"
)

// ActionInput describes an action for NewAction.
type ActionInput struct {
	// Type is a dotted name: purchase, appointment.book, mcp.filesystem.write_file.
	Type string
	// Payload is what exactly (amounts in minor units, item, recipient...): any JSON object.
	Payload map[string]any
	// RelyingParty is the counterparty ({"domain": ...}); its domain becomes the proof's aud.
	RelyingParty map[string]string
	// ID is client-chosen, unique per agent; a random UUID when empty.
	ID string
	// RequestedAt defaults to now; set OmitRequestedAt to leave it out.
	RequestedAt     time.Time
	OmitRequestedAt bool
}

// NewAction builds an action object (PROTOCOL.md §2) with a fresh UUID and requested_at. Send it
// as is and keep it: the proof is bound to its hash, so the counterparty must receive this object.
func NewAction(in ActionInput) (map[string]any, error) {
	if in.Type == "" {
		return nil, errors.New("openleash: action type is required")
	}
	if in.Payload == nil {
		return nil, errors.New("openleash: action payload is required")
	}
	id := in.ID
	if id == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80 // RFC 9562 version 4, variant 10
		id = fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	}
	action := map[string]any{"id": id, "type": in.Type, "payload": in.Payload}
	if !in.OmitRequestedAt {
		at := in.RequestedAt
		if at.IsZero() {
			at = time.Now()
		}
		action["requested_at"] = at.UTC().Format("2006-01-02T15:04:05Z")
	}
	if in.RelyingParty != nil {
		action["relying_party"] = in.RelyingParty
	}
	return action, nil
}
