package openleash

import (
	"encoding/json"
	"fmt"
)

// Error is every error the SDK returns for input from outside (a token, a server answer, a JWK, a
// JSON value), with a stable machine-readable Code shared with the TypeScript and Python SDKs:
//   - SDK codes: APPROVAL_TIMEOUT, APPROVAL_DENIED, APPROVAL_EXPIRED, INVALID_INVITE,
//     JWKS_UNAVAILABLE, UNEXPECTED_RESPONSE, INVALID_KEY, INVALID_JSON_VALUE;
//   - proof token codes (PROTOCOL.md §5): MALFORMED_TOKEN, UNSUPPORTED_ALGORITHM, UNKNOWN_KID,
//     INVALID_SIGNATURE, WRONG_TYP, ISSUER_MISMATCH, AUDIENCE_MISMATCH, TOKEN_EXPIRED,
//     NOT_YET_VALID, ACTION_HASH_MISMATCH;
//   - the server's problem code (RFC 9457) when Status is set: INVALID_SIGNATURE, NONCE_REPLAY, ...
//
// Messages never contain a token, a key or a signature. Use errors.As to get at it.
type Error struct {
	// Code is the stable machine-readable code.
	Code string
	// Message explains this occurrence.
	Message string
	// Status is the HTTP status when the server refused the request, else 0.
	Status int
	// Problem is the RFC 9457 problem document the server answered with, when Status is set.
	Problem map[string]any
	// Claim names the token claim a verification failure is about (exp, aud, action_hash...).
	Claim string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func newError(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func claimError(code, claim, message string) *Error {
	return &Error{Code: code, Message: message, Claim: claim}
}

// apiError builds the error of a refused request from the response body; a body that is not a
// problem document (a proxy's HTML page, say) yields code HTTP_<status>.
func apiError(status int, body []byte) *Error {
	var problem map[string]any
	if json.Unmarshal(body, &problem) == nil {
		code, okCode := problem["code"].(string)
		title, okTitle := problem["title"].(string)
		if okCode && okTitle && code != "" {
			msg := title
			if detail, ok := problem["detail"].(string); ok && detail != "" {
				msg = title + ": " + detail
			}
			return &Error{Code: code, Message: msg, Status: status, Problem: problem}
		}
	}
	return &Error{
		Code:    fmt.Sprintf("HTTP_%d", status),
		Message: "the server did not answer with a problem document",
		Status:  status,
	}
}
