-- Version 7: names compare with full Unicode case folding, not SQLite's
-- ASCII-only NOCASE: "Chloé", "Chloe\u0301" and "CHLOÉ" are one creator.
-- name_key is the folded NFC form, computed by Payouts (SQLite cannot fold
-- Unicode); rows written before this version get theirs in the same
-- transaction (backfillNameKeys). NULL only for an old duplicate.
ALTER TABLE creators ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX creators_name_key ON creators(name_key);
ALTER TABLE campaigns ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX campaigns_name_key ON campaigns(name_key);
