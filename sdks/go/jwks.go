package openleash

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// JwksCache is a concurrency-safe cache of issuers' JWK Sets for offline verification. A set is
// reused for TTL; an unknown kid refreshes it at most once per MinRefreshInterval (PROTOCOL.md §5:
// rotation publishes new keys before use, so a refresh finds them, while a flood of tokens with
// made-up kids cannot become a flood of fetches). The zero value is not usable: use NewJwksCache.
type JwksCache struct {
	// TTL is how long a fetched set is used without asking again (default 5 minutes).
	TTL time.Duration
	// MinRefreshInterval is the least time between two fetches of one URL (default 30 s).
	MinRefreshInterval time.Duration
	// MaxBytes is the largest JWKS accepted (default 64 KiB).
	MaxBytes int64
	// HTTPClient fetches the sets (default: a client with a 5 s timeout).
	HTTPClient *http.Client
	// MaxEntries bounds the number of JWKS URLs kept (default 32); the oldest fetch goes first.
	MaxEntries int

	mu      sync.Mutex
	entries map[string]*jwksEntry
}

type jwksEntry struct {
	jwks      *JWKS
	fetchedAt time.Time
	failedAt  time.Time
}

// NewJwksCache returns a cache with the default settings.
func NewJwksCache() *JwksCache {
	return &JwksCache{
		TTL:                5 * time.Minute,
		MinRefreshInterval: 30 * time.Second,
		MaxBytes:           64 << 10,
		// No redirects: the keys come from exactly the URL the verifier chose (never from a token).
		HTTPClient: &http.Client{
			Timeout:       5 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		MaxEntries: 32,
		entries:    map[string]*jwksEntry{},
	}
}

var defaultCache = NewJwksCache()

// Get returns the JWKS at url, from the cache while fresh. forceRefresh asks again unless the last
// fetch is younger than MinRefreshInterval.
func (c *JwksCache) Get(ctx context.Context, url string, forceRefresh bool) (*JWKS, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[url]
	if e == nil {
		c.evictOldest()
		e = &jwksEntry{}
		c.entries[url] = e
	}
	now := time.Now()
	age := now.Sub(e.fetchedAt)
	if e.jwks != nil && ((!forceRefresh && age < c.TTL) || (forceRefresh && age < c.MinRefreshInterval)) {
		return e.jwks, nil
	}
	if e.jwks == nil && now.Sub(e.failedAt) < c.MinRefreshInterval {
		return nil, newError("JWKS_UNAVAILABLE", "JWKS fetch failed recently")
	}
	jwks, err := c.fetch(ctx, url)
	if err != nil {
		e.failedAt = time.Now()
		return nil, err
	}
	e.jwks, e.fetchedAt = jwks, time.Now()
	return jwks, nil
}

// evictOldest keeps the cache within MaxEntries (called with the lock held).
func (c *JwksCache) evictOldest() {
	for c.MaxEntries > 0 && len(c.entries) >= c.MaxEntries {
		var oldest string
		var at time.Time
		for u, e := range c.entries {
			if t := e.fetchedAt; oldest == "" || t.Before(at) {
				oldest, at = u, t
			}
		}
		delete(c.entries, oldest)
	}
}

func (c *JwksCache) fetch(ctx context.Context, url string) (*JWKS, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, newError("JWKS_UNAVAILABLE", "bad JWKS URL")
	}
	resp, err := c.HTTPClient.Do(req)
	if err != nil {
		return nil, newError("JWKS_UNAVAILABLE", "JWKS fetch failed")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, newError("JWKS_UNAVAILABLE", "JWKS answered HTTP %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.MaxBytes+1))
	if err != nil || int64(len(body)) > c.MaxBytes {
		return nil, newError("JWKS_UNAVAILABLE", "JWKS unreadable or larger than MaxBytes")
	}
	var jwks JWKS
	if json.Unmarshal(body, &jwks) != nil || jwks.Keys == nil {
		return nil, newError("JWKS_UNAVAILABLE", "response is not a JWK Set")
	}
	return &jwks, nil
}

// VerifyProofOfflineOptions locate the issuer's keys (exactly one of JWKS, JWKSURL, or just
// Issuer for <issuer>/.well-known/jwks.json) and carry the verifier's expectations.
type VerifyProofOfflineOptions struct {
	VerifyProofOptions
	// JWKS is the issuer's key set when the verifier already holds it.
	JWKS *JWKS
	// JWKSURL is where to fetch the set (through Cache).
	JWKSURL string
	// Cache defaults to one cache shared by the process.
	Cache *JwksCache
}

// VerifyProofOffline verifies a proof token without calling OpenLeash (PROTOCOL.md §5), with the
// issuer's JWKS from opts.JWKS or fetched through a cache and refreshed once on an unknown kid.
//
//	proof, err := openleash.VerifyProofOffline(ctx, token, openleash.VerifyProofOfflineOptions{
//		VerifyProofOptions: openleash.VerifyProofOptions{Issuer: issuer, Audience: "storeco.example", Action: received}})
func VerifyProofOffline(ctx context.Context, token string, opts VerifyProofOfflineOptions) (*VerifiedProof, error) {
	if opts.JWKS != nil && opts.JWKSURL != "" {
		return nil, errors.New("openleash: pass either JWKS or JWKSURL, not both")
	}
	if opts.JWKS != nil {
		return VerifyProof(token, opts.JWKS, opts.VerifyProofOptions)
	}
	url := opts.JWKSURL
	if url == "" {
		if opts.Issuer == "" {
			return nil, errors.New("openleash: pass JWKS, JWKSURL or Issuer")
		}
		url = strings.TrimRight(opts.Issuer, "/") + "/.well-known/jwks.json"
	}
	cache := opts.Cache
	if cache == nil {
		cache = defaultCache
	}
	jwks, err := cache.Get(ctx, url, false)
	if err != nil {
		return nil, err
	}
	proof, err := VerifyProof(token, jwks, opts.VerifyProofOptions)
	var e *Error
	if !errors.As(err, &e) || e.Code != "UNKNOWN_KID" {
		return proof, err
	}
	if jwks, err = cache.Get(ctx, url, true); err != nil {
		return nil, err
	}
	return VerifyProof(token, jwks, opts.VerifyProofOptions)
}
