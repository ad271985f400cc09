package ledger

import (
	"context"
	"database/sql"
	"errors"
	"math/big"
	"strings"
)

// SettingHomeCurrency is the brand's home currency (ISO 4217): the one its
// bank account is kept in, in which a payment made in another currency has
// a home amount.
const SettingHomeCurrency = "home_currency"

// HomeCurrency returns the home currency setting ("" when unset).
func (s *Store) HomeCurrency(ctx context.Context) (string, error) {
	v, err := s.Setting(ctx, SettingHomeCurrency)
	if err != nil || v == "" {
		return "", err
	}
	c, err := LookupCurrency(v)
	if err != nil {
		return "", Errorf(EINVALID, "the setting %s is %q: %s", SettingHomeCurrency, v, ErrorMessage(err))
	}
	return c.Code, nil
}

// SetHomeCurrency stores the home currency; "" clears it.
func (s *Store) SetHomeCurrency(ctx context.Context, code string) error {
	code = strings.TrimSpace(code)
	if code != "" {
		c, err := LookupCurrency(code)
		if err != nil {
			return err
		}
		code = c.Code
	}
	return s.SetSetting(ctx, SettingHomeCurrency, code)
}

// normalizeHome checks a payment's home amount: none (zero), or a positive
// amount with its currency.
func normalizeHome(amount *int64, currency *string) error {
	if *amount == 0 {
		*currency = ""
		return nil
	}
	if err := checkAmount(*amount, "home amount"); err != nil {
		return err
	}
	if strings.TrimSpace(*currency) == "" {
		return Errorf(EINVALID, "a home amount needs the home currency: set it in Settings (payouts settings home-currency)")
	}
	c, err := LookupCurrency(*currency)
	if err != nil {
		return err
	}
	*currency = c.Code
	return nil
}

// recordHomeAmount keeps what the bank debited in the home currency for
// the payment transfer just posted, made in currency.
func (tx *Tx) recordHomeAmount(currency string, amount int64, home string) error {
	if amount == 0 {
		return nil
	}
	if home == currency {
		return Errorf(EINVALID, "the payment is in %s, the home currency: it has no other home amount", currency)
	}
	transferID, err := tx.journal().lastTransfer() // written, for the foreign key
	if err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO payment_fx (transfer_id, home_amount, home_currency) VALUES (?, ?, ?)`, transferID, amount, home)
	return err
}

// carryHomeAmount gives the reversal just posted the home amount of the
// payment it reverses: the money that comes back is what went out.
func (tx *Tx) carryHomeAmount(paymentID int64) error {
	var amount int64
	var home string
	err := tx.queryRow(`SELECT home_amount, home_currency FROM payment_fx WHERE transfer_id = ?`, paymentID).Scan(&amount, &home)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	reversalID, err := tx.journal().lastTransfer()
	if err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO payment_fx (transfer_id, home_amount, home_currency) VALUES (?, ?, ?)`, reversalID, amount, home)
	return err
}

// HomeAmountOf returns the home amount recorded with a transfer (0 and ""
// when none).
func (s *Store) HomeAmountOf(ctx context.Context, transferID int64) (int64, string, error) {
	var amount int64
	var home string
	err := s.db.QueryRowContext(ctx, `SELECT home_amount, home_currency FROM payment_fx WHERE transfer_id = ?`, transferID).Scan(&amount, &home)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return amount, home, wrap(err, "read home amount")
}

// ImpliedRate is how many units of the home currency one unit of the
// payment's currency cost, as decimal text with places decimals, rounded
// half up: computed on integers (minor units scaled by each currency's
// exponent), never a float. "" when either amount is not positive or a
// currency is unknown.
func ImpliedRate(amount int64, currency string, home int64, homeCurrency string, places int) string {
	c, err1 := LookupCurrency(currency)
	h, err2 := LookupCurrency(homeCurrency)
	if err1 != nil || err2 != nil || amount <= 0 || home <= 0 || places < 0 {
		return ""
	}
	// rate = (home / 10^h.exp) / (amount / 10^c.exp), scaled by 10^places.
	ten := big.NewInt(10)
	num := new(big.Int).Mul(big.NewInt(home), new(big.Int).Exp(ten, big.NewInt(int64(c.Exponent+places)), nil))
	den := new(big.Int).Mul(big.NewInt(amount), new(big.Int).Exp(ten, big.NewInt(int64(h.Exponent)), nil))
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(r, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	s := q.String()
	if places == 0 {
		return s
	}
	for len(s) <= places {
		s = "0" + s
	}
	return s[:len(s)-places] + "." + s[len(s)-places:]
}
