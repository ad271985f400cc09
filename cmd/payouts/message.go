package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/messages"
)

func init() { extraCommands = append(extraCommands, messageCmd) }

// mailKeys is where the CLI finds the SMTP password: PAYOUTS_SMTP_PASSWORD,
// else the OS keychain.
var mailKeys messages.Keys

// openMessages loads the mail settings; a payment request to a creator
// with a Stripe account that is not ready carries a fresh onboarding link
// when Stripe is set up.
func openMessages(ctx context.Context, s *ledger.Store, eml string) (*messages.Service, error) {
	sv, err := messages.NewService(ctx, s, &mailKeys)
	if err != nil {
		return nil, err
	}
	sv.EML = eml
	sv.Link = func(ctx context.Context, c ledger.Creator) (string, error) {
		st, err := openStripe(ctx, s)
		if err != nil {
			return "", nil // no Stripe: the message asks for bank or PayPal details
		}
		return st.NewLink(ctx, c.StripeAccount)
	}
	return sv, nil
}

// reportMessage prints the outbox ID and what became of the message; a
// message not sent is a failure (exit 1).
func reportMessage(w io.Writer, res messages.Result, err error) error {
	switch {
	case res.EML != "":
		fmt.Fprintf(w, "saved to %s (not sent, not recorded): send it from your mail program to %s\n", res.EML, res.To)
	case res.Sent:
		fmt.Fprintf(w, "message %d sent to %s (%s)\n", res.ID, res.To, res.Reply)
	case res.ID != 0:
		fmt.Fprintf(w, "message %d not sent; it stays in the outbox as failed: payouts message retry %d\n", res.ID, res.ID)
	}
	return err
}

func messageCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "message", Short: "Messages to creators by email: payment requests, remittance advice, statements, the outbox"}
	var eml string
	addEML := func(cmd *cobra.Command) *cobra.Command {
		cmd.Flags().StringVar(&eml, "eml", "", "save the message to this .eml file instead of sending it")
		return cmd
	}
	send := func(fn func(ctx context.Context, sv *messages.Service) (messages.Result, error)) func(*cobra.Command, []string) error {
		return e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			sv, err := openMessages(ctx, s, eml)
			if err != nil {
				return err
			}
			res, err := fn(ctx, sv)
			return reportMessage(os.Stdout, res, err)
		})
	}

	var deal, request int64
	req := addEML(&cobra.Command{
		Use: "request --deal ID", Short: "Send the creator a payment request: what was agreed, the amount, and how to give payout details", Args: cobra.NoArgs,
		RunE: send(func(ctx context.Context, sv *messages.Service) (messages.Result, error) {
			return sv.PaymentRequest(ctx, deal)
		}),
	})
	req.Flags().Int64Var(&deal, "deal", 0, "deal ID")
	req.MarkFlagRequired("deal")

	rem := addEML(&cobra.Command{
		Use: "remittance --request ID", Short: "Send the remittance advice of a paid payout request", Args: cobra.NoArgs,
		RunE: send(func(ctx context.Context, sv *messages.Service) (messages.Result, error) {
			return sv.Remittance(ctx, request)
		}),
	})
	rem.Flags().Int64Var(&request, "request", 0, "payout request ID")
	rem.MarkFlagRequired("request")

	var creator, from, to string
	stmt := addEML(&cobra.Command{
		Use: "statement --creator NAME [--from DATE] [--to DATE]", Short: "Send a creator the statement of their deals (HTML body and an .xlsx attachment)", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			cr, err := creatorArg(ctx, s, creator)
			if err != nil {
				return err
			}
			sv, err := openMessages(ctx, s, eml)
			if err != nil {
				return err
			}
			res, err := sv.Statement(ctx, cr.ID, from, to)
			return reportMessage(os.Stdout, res, err)
		}),
	})
	stmt.Flags().StringVar(&creator, "creator", "", "creator name (or ID)")
	stmt.Flags().StringVar(&from, "from", "", "first date, YYYY-MM-DD")
	stmt.Flags().StringVar(&to, "to", "", "last date, YYYY-MM-DD")
	stmt.MarkFlagRequired("creator")

	var addr string
	test := addEML(&cobra.Command{
		Use: "test --to ADDRESS", Short: "Send a test message to check the SMTP settings", Args: cobra.NoArgs,
		RunE: send(func(ctx context.Context, sv *messages.Service) (messages.Result, error) { return sv.Test(ctx, addr) }),
	})
	test.Flags().StringVar(&addr, "to", "", "address to send the test message to")
	test.MarkFlagRequired("to")

	var status, format string
	list := &cobra.Command{
		Use: "list [--creator NAME] [--status queued|sending|sent|failed]", Short: "The outbox: every message, newest first, with its status and the server's reply", Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			q := ledger.OutboxQuery{Status: status}
			if creator != "" {
				cr, err := creatorArg(ctx, s, creator)
				if err != nil {
					return err
				}
				q.CreatorID = cr.ID
			}
			list, err := s.Outbox(ctx, q)
			if err != nil {
				return err
			}
			t := table{header: []string{"id", "kind", "to", "subject", "deal", "created", "status", "attempts", "sent", "reply"}}
			for _, m := range list {
				sent := ""
				if !m.SentAt.IsZero() {
					sent = m.SentAt.Local().Format("2006-01-02 15:04")
				}
				t.rows = append(t.rows, []string{strconv.FormatInt(m.ID, 10), m.Kind, m.To, m.Subject, idText(m.DealID),
					m.CreatedAt.Local().Format("2006-01-02 15:04"), m.Status, strconv.Itoa(m.Attempts), sent, m.Reply})
			}
			return t.write(format)
		}),
	}
	list.Flags().StringVar(&creator, "creator", "", "only this creator's messages")
	list.Flags().StringVar(&status, "status", "", "only messages of this status")
	list.Flags().StringVar(&format, "format", "table", "table, csv or json")

	var force bool
	retry := &cobra.Command{
		Use: "retry ID [--force]", Short: "Send a failed message again (--force: one interrupted while sending, which may have arrived)", Args: cobra.ExactArgs(1),
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			id, err := parseID("message", args[0])
			if err != nil {
				return err
			}
			sv, err := openMessages(ctx, s, "")
			if err != nil {
				return err
			}
			res, err := sv.Retry(ctx, id, force)
			return reportMessage(os.Stdout, res, err)
		}),
	}
	retry.Flags().BoolVar(&force, "force", false, "send a message left 'sending' by an interrupted run")

	var smtpURL, mailFrom, brand, replyTo, remittance string
	var passwordStdin bool
	setup := &cobra.Command{
		Use: "setup [--smtp-url URL] [--from ADDRESS] [--brand NAME] [--reply-to ADDRESS] [--remittance on|off] [--password-stdin]", Short: "Set the SMTP server, the sender and the brand; the password goes to the OS keychain", Args: cobra.NoArgs,
		RunE: e.withStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			return mailSetup(ctx, s, smtpURL, mailFrom, brand, replyTo, remittance, passwordStdin)
		}),
	}
	setup.Flags().StringVar(&smtpURL, "smtp-url", "", "smtp://user@host:port?tls=none|starttls|tls (no password)")
	setup.Flags().StringVar(&mailFrom, "from", "", "sender address")
	setup.Flags().StringVar(&brand, "brand", "", "the brand's name, signing every message")
	setup.Flags().StringVar(&replyTo, "reply-to", "", "where creators' replies go")
	setup.Flags().StringVar(&remittance, "remittance", "", "on or off: send remittance advice when a request is paid")
	setup.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the SMTP password from standard input into the OS keychain")

	c.AddCommand(req, rem, stmt, test, list, retry, setup)
	return c
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func mailSetup(ctx context.Context, s *ledger.Store, smtpURL, from, brand, replyTo, remittance string, passwordStdin bool) error {
	set := map[string]string{}
	if smtpURL != "" {
		var c messages.Config
		if err := c.ParseURL(smtpURL); err != nil {
			return err
		}
		set[messages.SettingHost], set[messages.SettingPort], set[messages.SettingTLS], set[messages.SettingUser] = c.Host, strconv.Itoa(c.Port), c.TLS, c.User
	}
	for key, v := range map[string]string{messages.SettingFrom: from, messages.SettingReplyTo: replyTo} {
		if v != "" {
			c := messages.Config{Host: "x", From: v}
			if err := c.Check(); err != nil {
				return err
			}
			set[key] = v
		}
	}
	if brand != "" {
		set[messages.SettingBrand] = strings.TrimSpace(brand)
	}
	switch remittance {
	case "":
	case "on", "off":
		set[messages.SettingRemittance] = remittance
	default:
		return ledger.Errorf(ledger.EINVALID, "--remittance is on or off, not %q", remittance)
	}
	for k, v := range set {
		if err := s.SetSetting(ctx, k, v); err != nil {
			return err
		}
	}
	if passwordStdin {
		b, err := io.ReadAll(io.LimitReader(os.Stdin, 4096))
		if err != nil {
			return err
		}
		settings, err := s.SettingsWithPrefix(ctx, "mail.")
		if err != nil {
			return err
		}
		if note := mailKeys.Set(settings[messages.SettingUser], strings.TrimRight(string(b), "\r\n")); note != "" {
			fmt.Fprintln(os.Stderr, "payouts: "+note)
		}
	}
	fmt.Println("mail settings saved")
	return nil
}

// remitAfterPay sends the remittance advice of requests just paid, one
// message per creator, when an SMTP server is set up and the setting is on.
// The payments are recorded whatever happens here: a message not sent is a
// warning with its retry. A payment replayed with the same operation ID
// finds its advice in the outbox and sends nothing.
func remitAfterPay(ctx context.Context, s *ledger.Store, ids ...int64) {
	sv, err := openMessages(ctx, s, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "payouts: remittance advice not sent: "+ledger.ErrorMessage(err))
		return
	}
	for _, o := range sv.AutoRemit(ctx, ids) {
		if o.Err != nil {
			fmt.Fprintf(os.Stderr, "payouts: remittance advice not sent: %s\n", ledger.ErrorMessage(o.Err))
			if o.ID != 0 {
				fmt.Fprintf(os.Stderr, "payouts: it is message %d in the outbox: payouts message retry %d\n", o.ID, o.ID)
			}
			continue
		}
		fmt.Printf("remittance advice: message %d sent to %s\n", o.ID, o.To)
	}
}
