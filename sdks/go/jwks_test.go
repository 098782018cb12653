package openleash

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// A real HTTP server publishing the vectors' JWKS (and failing on /broken), counting requests.
func jwksServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var v struct {
		JWKS JWKS
	}
	loadVectors(t, "proof-tokens.json", &v)
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/broken" {
			http.Error(w, "no", http.StatusInternalServerError)
			return
		}
		w.Header().Set("content-type", "application/json")
		_, _ = w.Write([]byte(`{"keys":[` + string(v.JWKS.Keys[0]) + `]}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestJwksCacheReusesRefreshesAndBounds(t *testing.T) {
	srv, hits := jwksServer(t)
	ctx := context.Background()
	cache := NewJwksCache()
	cache.MaxEntries = 2
	url := srv.URL + "/jwks"
	if _, err := cache.Get(ctx, url, false); err != nil {
		t.Fatal(err)
	}
	// Fresh: reused. Forced refresh within MinRefreshInterval: reused too.
	_, _ = cache.Get(ctx, url, false)
	_, _ = cache.Get(ctx, url, true)
	if hits.Load() != 1 {
		t.Fatalf("fetches = %d, want 1", hits.Load())
	}
	cache.MinRefreshInterval = 0
	_, _ = cache.Get(ctx, url, true)
	if hits.Load() != 2 {
		t.Fatalf("fetches = %d, want 2 after a forced refresh", hits.Load())
	}
	// Two more URLs: the cache keeps at most two.
	_, _ = cache.Get(ctx, srv.URL+"/b", false)
	_, _ = cache.Get(ctx, srv.URL+"/c", false)
	if len(cache.entries) != 2 {
		t.Fatalf("entries = %d, want 2", len(cache.entries))
	}
	// A failing URL is an error, and is not fetched again within MinRefreshInterval.
	cache.MinRefreshInterval = time.Minute
	for i := 0; i < 3; i++ {
		if _, err := cache.Get(ctx, srv.URL+"/broken", false); errCode(err) != "JWKS_UNAVAILABLE" {
			t.Fatalf("broken: %v", err)
		}
	}
	if hits.Load() != 5 {
		t.Fatalf("fetches = %d, want 5", hits.Load())
	}
}
