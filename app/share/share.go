// Package share builds the plain share links of a page: WhatsApp, Facebook,
// X, LinkedIn and e-mail. They are ordinary links to the services' public
// share addresses, so sharing loads no third-party script and tracks no one.
// It knows nothing about HTTP handlers or the domain.
package share

import (
	"net/url"
	"strings"
)

// Link is one way to share a page: a service name (a stable key for
// catalogues and CSS) and the address that shares it.
type Link struct {
	Service string
	Href    string
}

// The services, in the order pages show them.
const (
	WhatsApp = "whatsapp"
	Facebook = "facebook"
	X        = "x"
	LinkedIn = "linkedin"
	Email    = "email"
)

// Links returns the share links of the page at pageURL titled title.
func Links(title, pageURL string) []Link {
	text := title + " " + pageURL
	return []Link{
		{WhatsApp, "https://wa.me/?" + query("text", text)},
		{Facebook, "https://www.facebook.com/sharer/sharer.php?" + query("u", pageURL)},
		{X, "https://x.com/intent/post?" + query("text", title, "url", pageURL)},
		{LinkedIn, "https://www.linkedin.com/sharing/share-offsite/?" + query("url", pageURL)},
		{Email, "mailto:?" + query("subject", title, "body", text)},
	}
}

// query encodes key/value pairs in the given order. Spaces become %20, not
// "+": mail clients (RFC 6068) and WhatsApp show a "+" literally.
func query(kv ...string) string {
	parts := make([]string, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+"="+escape(kv[i+1]))
	}
	return strings.Join(parts, "&")
}

func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
