// Package mailpittest runs a real SMTP server for tests: mailpit
// (go install github.com/axllent/mailpit@v1.27.11) on loopback ports, with
// its HTTP API to read what arrived. Without mailpit the test is skipped,
// or fails when PAYOUTS_FULL_TEST=1.
package mailpittest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Server is a running mailpit.
type Server struct {
	SMTPPort int
	API      string // http://127.0.0.1:port
	cmd      *exec.Cmd
}

func binary() string {
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	p := filepath.Join(gopath, "bin", "mailpit")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Start runs mailpit until the test ends; args are extra flags
// (--smtp-allowed-recipients ...).
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	bin := binary()
	if bin == "" {
		if os.Getenv("PAYOUTS_FULL_TEST") == "1" {
			t.Fatal("mailpit not installed: go install github.com/axllent/mailpit@v1.27.11 (or .ci/deps test)")
		}
		t.Skip("mailpit not installed: go install github.com/axllent/mailpit@v1.27.11")
	}
	s := &Server{SMTPPort: freePort(t)}
	httpPort := freePort(t)
	s.API = "http://127.0.0.1:" + strconv.Itoa(httpPort)
	all := append([]string{"--smtp", "127.0.0.1:" + strconv.Itoa(s.SMTPPort), "--listen", "127.0.0.1:" + strconv.Itoa(httpPort),
		"--database", filepath.Join(t.TempDir(), "mailpit.db"), "--disable-version-check",
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure"}, args...)
	s.cmd = exec.Command(bin, all...)
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, io.Discard
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(s.API + "/api/v1/messages")
		if err == nil {
			resp.Body.Close()
			if c, err := net.Dial("tcp", s.SMTPAddr()); err == nil {
				c.Close()
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// SMTPAddr is host:port of its SMTP side.
func (s *Server) SMTPAddr() string { return "127.0.0.1:" + strconv.Itoa(s.SMTPPort) }

// URL is PAYOUTS_SMTP_URL for it.
func (s *Server) URL() string {
	return fmt.Sprintf("smtp://payouts@127.0.0.1:%d?tls=none", s.SMTPPort)
}

// Address is a recipient or sender.
type Address struct{ Name, Address string }

// Attachment is a message's attached file.
type Attachment struct {
	PartID, FileName, ContentType string
}

// Message is what arrived.
type Message struct {
	ID, MessageID, Subject string
	From                   Address
	To                     []Address
	ReplyTo                []Address
	Text, HTML             string
	Attachments            []Attachment
}

func (s *Server) get(t testing.TB, path string, v any) []byte {
	t.Helper()
	resp, err := http.Get(s.API + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	return b
}

// Messages returns every message that arrived, newest first, in full.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	var list struct{ Messages []struct{ ID string } }
	s.get(t, "/api/v1/messages", &list)
	var out []Message
	for _, m := range list.Messages {
		var full Message
		s.get(t, "/api/v1/message/"+m.ID, &full)
		out = append(out, full)
	}
	return out
}

// Raw is a message as it arrived.
func (s *Server) Raw(t testing.TB, id string) string {
	return string(s.get(t, "/api/v1/message/"+id+"/raw", nil))
}

// Part is an attachment's content.
func (s *Server) Part(t testing.TB, id, part string) []byte {
	return s.get(t, "/api/v1/message/"+id+"/part/"+part, nil)
}

// FreeURL is an SMTP URL where nothing listens: a server that is down.
func FreeURL(t testing.TB) string {
	return fmt.Sprintf("smtp://payouts@127.0.0.1:%d?tls=none", freePort(t))
}

// Silent listens on a loopback port, accepts connections and never
// answers: a mail server that hangs. It returns the address; the listener
// closes when the test ends.
func Silent(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, silent
		}
	}()
	return l.Addr().String()
}
