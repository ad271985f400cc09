package ledger

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"golang.org/x/text/secure/precis"
)

// scramVerifier is what PostgreSQL keeps of a password for SCRAM-SHA-256
// logins (RFC 5802, RFC 7677), computed here so that `payouts team add`
// sends CREATE ROLE ... PASSWORD with the verifier, never the password
// itself: a server that logs statements (log_statement = 'ddl', which
// managed services often set) would otherwise write it in its log. The
// server stores a string already in this form as it is, whatever
// password_encryption says.
//
// The password is normalized as pgx does when it logs in (SASLprep through
// PRECIS OpaqueString, or the password as it is when that refuses it), so
// that the verifier matches what Payouts sends at login.
func scramVerifier(password string) (string, error) {
	const iterations = 4096 // PostgreSQL's scram_iterations default
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	p := password
	if n, err := precis.OpaqueString.String(password); err == nil {
		p = n
	}
	salted, err := pbkdf2.Key(sha256.New, p, salt, iterations, sha256.Size)
	if err != nil {
		return "", fmt.Errorf("password verifier: %w", err)
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	stored := sha256.Sum256(mac(salted, "Client Key"))
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(stored[:]), b64(mac(salted, "Server Key"))), nil
}
