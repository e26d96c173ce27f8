package login

import (
	"crypto/hmac"
	"crypto/sha256"
)

// deriveKey gives each use of the session secret its own key, so a value
// signed for one purpose can never be replayed for another.
func deriveKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("buurtboost/" + purpose))
	return m.Sum(nil)
}
