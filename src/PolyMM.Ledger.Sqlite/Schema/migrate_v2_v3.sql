-- Turns a schema v2 ledger into schema v3 (docs/design.md#schema-migration). Run by the tool inside ONE
-- transaction, followed by schema_v3.sql (which creates reward_samples); any failure rolls the whole file back to v2.
-- Fills written before v3 had no rebate: they read back with rebate_usd 0.
ALTER TABLE fills ADD COLUMN rebate_usd REAL NOT NULL DEFAULT 0;
