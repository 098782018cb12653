package openleash

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/openleash/openleash/sdks/go/openleashapi"
)

// DefaultTimeout is the per-request time limit of the clients; long-polls add their wait to it.
const DefaultTimeout = 30 * time.Second

// ClientOptions tunes how a client reaches the server.
type ClientOptions struct {
	// HTTPClient sends the requests (default: http.Client with DefaultTimeout).
	HTTPClient *http.Client
	// ExpiresIn adds an RFC 9421 expires parameter to agent signatures when positive.
	ExpiresIn time.Duration
}

func (o *ClientOptions) httpClient() *http.Client {
	if o != nil && o.HTTPClient != nil {
		return o.HTTPClient
	}
	return &http.Client{Timeout: DefaultTimeout}
}

// normalizeBaseURL strips trailing slashes and checks that the base URL is absolute http(s).
func normalizeBaseURL(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", newError("INVALID_REQUEST", "base URL is not an absolute http(s) URL")
	}
	return strings.TrimRight(baseURL, "/"), nil
}

// ok returns the typed body of a 2xx answer, or the *Error carrying the problem the server sent.
func ok[T any](body *T, status int, raw []byte) (*T, error) {
	if status >= 200 && status < 300 {
		if body == nil {
			return nil, newError("UNEXPECTED_RESPONSE", "HTTP %d without the documented body", status)
		}
		return body, nil
	}
	return nil, apiError(status, raw)
}

func newGenerated(baseURL string, opts *ClientOptions, editor openleashapi.RequestEditorFn) (*openleashapi.ClientWithResponses, string, error) {
	base, err := normalizeBaseURL(baseURL)
	if err != nil {
		return nil, "", err
	}
	api, err := openleashapi.NewClientWithResponses(base,
		openleashapi.WithHTTPClient(opts.httpClient()),
		openleashapi.WithRequestEditorFn(editor))
	return api, base, err
}
