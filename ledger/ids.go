package ledger

import "fmt"

// idSource gives the IDs of new rows of a table to a writer that needs
// them before the rows are written (the large-program builder, an import:
// rows written a batch at a time). On SQLite, where the operation holds the
// only write lock, the next ID is one more than the largest, read once. On
// PostgreSQL others write meanwhile, so IDs come from the table's sequence,
// a block at a time, as every other insert's do: blocks of 1, 2, 4, ... up
// to idBlock, so that an operation writing a few rows takes about as many
// IDs as it uses (a sequence's IDs are never given back).
type idSource struct {
	table string
	next  int64 // SQLite: the next ID; 0 until read
	// counted takes IDs as on SQLite on PostgreSQL too: for a preview,
	// which writes nothing and may not take from a sequence.
	counted bool
	block   []int64 // PostgreSQL: IDs taken from the sequence, not used yet
	size    int     // PostgreSQL: how many the last block took
}

// idBlock is how many IDs one read of a sequence takes.
const idBlock = 256

func (s *idSource) take(tx *Tx) (int64, error) {
	if tx.store != nil && tx.store.pg != nil && !s.counted {
		if len(s.block) == 0 {
			if err := s.fill(tx); err != nil {
				return 0, err
			}
		}
		id := s.block[0]
		s.block = s.block[1:]
		return id, nil
	}
	if s.next == 0 {
		if err := tx.queryRow(`SELECT coalesce(max(id), 0) + 1 FROM ` + s.table).Scan(&s.next); err != nil {
			return 0, fmt.Errorf("next %s id: %w", s.table, err)
		}
	}
	s.next++
	return s.next - 1, nil
}

func (s *idSource) fill(tx *Tx) error {
	limit := idBlock
	if tx.behindOK {
		// A bulk transaction writes behind (tx_behind.go): each read of
		// the sequence waits for the write in flight, so it takes blocks
		// as large as a COPY's, not one per 256 orders.
		limit = copyBatchPG
	}
	s.size = min(max(2*s.size, 1), limit)
	rows, err := tx.query(fmt.Sprintf(pgRaw+`SELECT nextval(pg_get_serial_sequence('%s', 'id')) FROM generate_series(1, %d)`, s.table, s.size))
	if err != nil {
		return fmt.Errorf("next %s ids: %w", s.table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("next %s ids: %w", s.table, err)
		}
		s.block = append(s.block, id)
	}
	if err := closeRows(rows); err != nil {
		return fmt.Errorf("next %s ids: %w", s.table, err)
	}
	return nil
}
