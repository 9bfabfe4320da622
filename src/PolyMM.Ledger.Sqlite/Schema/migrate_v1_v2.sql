-- Turns a schema v1 ledger into schema v2 (docs/design.md#schema-migration). Run by the tool inside ONE
-- transaction, followed by the current schema file (schema_v3.sql, which creates the new orders, fills, marks and the
-- view) and the copy statements of migrate_v1_v2_copy.sql; any failure rolls the whole file back to v1.
-- Existing rows keep their numbers: every v1 order keeps its seq, every v1 fill (at most one per order) becomes
-- the fill whose fill_id is its order's seq, maker, with no reason (v1 did not store one).
DROP VIEW IF EXISTS execution_records;
ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
ALTER TABLE runs ADD COLUMN writer_pid INTEGER;
ALTER TABLE runs ADD COLUMN writer_host TEXT;
-- v1 stored only the entry fee per lot (fees_usd); the fee of a sell lived on its fill alone.
ALTER TABLE trades ADD COLUMN entry_fee_usd REAL NOT NULL DEFAULT 0;
ALTER TABLE trades ADD COLUMN exit_fee_usd REAL NOT NULL DEFAULT 0;
UPDATE trades SET entry_fee_usd = fees_usd;
ALTER TABLE orders RENAME TO _v1_orders;
ALTER TABLE fills RENAME TO _v1_fills;
