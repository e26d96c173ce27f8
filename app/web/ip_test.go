package web

import (
	"net/http/httptest"
	"testing"

	"github.com/buurtboost/buurtboost/app/config"
)

// The client IP comes from the connection unless the connection is from a
// listed proxy: a client cannot claim another address with a header.
func TestClientIPIgnoresSpoofedHeadersFromUntrustedPeers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, proxies, remote, xff, want string
	}{
		{"no proxies configured", "", "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
		{"loopback is not trusted by default", "", "127.0.0.1:5000", "198.51.100.1", "127.0.0.1"},
		{"listed proxy", "10.0.0.0/8", "10.1.2.3:5000", "198.51.100.1", "198.51.100.1"},
		{"unlisted peer with a listed range", "10.0.0.0/8", "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := config.Load(func(k string) string {
				return map[string]string{"TRUSTED_PROXIES": tt.proxies}[k]
			})
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = tt.remote
			req.Header.Set("X-Forwarded-For", tt.xff)
			req.Header.Set("X-Real-Ip", tt.xff)
			if got := ipExtractor(cfg)(req); got != tt.want {
				t.Errorf("client IP = %q, want %q", got, tt.want)
			}
		})
	}
}
