package login

import (
	"time"

	"github.com/gorilla/securecookie"
)

// AttemptTTL is how long a login attempt may take at the provider.
const AttemptTTL = 10 * time.Minute

// Attempt is one login in progress: what the callback must check. It is
// kept in a signed, encrypted cookie that lives for AttemptTTL, so no
// server-side store is shared between processes.
type Attempt struct {
	Provider string
	State    string // random per attempt; the callback's state must match
	Nonce    string // OpenID Connect: must come back inside the ID token
	Verifier string // PKCE code verifier
	Session  string // goth's marshalled session (the auth URL; no tokens yet)
	Next     string // local path to return to
	LinkTo   string // user id when linking a provider to a logged-in user
}

// Codec signs and encrypts attempts for the cookie.
type Codec struct{ sc *securecookie.SecureCookie }

// NewCodec derives the cookie keys from the session secret.
func NewCodec(secret []byte) *Codec {
	hashKey, blockKey := deriveKey(secret, "login-hash"), deriveKey(secret, "login-block")[:32]
	sc := securecookie.New(hashKey, blockKey).MaxAge(int(AttemptTTL.Seconds()))
	return &Codec{sc: sc.SetSerializer(securecookie.JSONEncoder{})}
}

// Encode returns the cookie value for a.
func (c *Codec) Encode(name string, a Attempt) (string, error) { return c.sc.Encode(name, a) }

// Decode checks the signature and age of a cookie value and returns the
// attempt in it.
func (c *Codec) Decode(name, value string) (Attempt, error) {
	var a Attempt
	err := c.sc.Decode(name, value, &a)
	return a, err
}
