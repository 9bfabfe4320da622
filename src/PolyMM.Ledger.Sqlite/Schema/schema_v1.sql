-- PolyMM ledger, schema version 1.
-- The prototype's table names and columns (runs, portfolio, trades, execution_records,
-- market_making_rewards) are the contract for users' SQL. Hot, high-volume data (orders, fills, ticks)
-- is stored in narrow tables keyed by an integer run key and microsecond event times; the wide,
-- human-readable execution_records is a view over them. Amounts are REAL in natural units (USD,
-- shares, probability prices); every amount has at most 6 decimals, so it reads back into decimal exactly.

CREATE TABLE IF NOT EXISTS schema_info (
  version INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  run_key INTEGER NOT NULL UNIQUE,
  run_tag TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'interrupted')),
  data_mode TEXT NOT NULL,
  params TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  fills INTEGER NOT NULL DEFAULT 0,
  orders INTEGER NOT NULL DEFAULT 0,
  tool_version TEXT NOT NULL,
  bankroll REAL NOT NULL,
  snapshots INTEGER NOT NULL DEFAULT 0,
  event_start TEXT,
  event_end TEXT,
  stop_reason TEXT,
  stats TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS runs_by_tag ON runs (run_tag, started_at);

CREATE TABLE IF NOT EXISTS run_markets (
  run_key INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  market_id TEXT NOT NULL,
  title TEXT,
  slug TEXT,
  PRIMARY KEY (run_key, idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS portfolio (
  run_id TEXT PRIMARY KEY,
  bankroll REAL NOT NULL,
  cash REAL NOT NULL,
  total_value REAL NOT NULL,
  realized REAL NOT NULL,
  unrealized REAL NOT NULL,
  fees REAL NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row per lot (a buy fill opens one; a partial sell splits off a closed row).
CREATE TABLE IF NOT EXISTS trades (
  id INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  run_tag TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  market TEXT NOT NULL,
  side TEXT NOT NULL DEFAULT 'BUY',
  size REAL NOT NULL,
  price REAL NOT NULL,
  shares REAL NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  current_price REAL,
  current_value REAL,
  sell_price REAL,
  closed_at TEXT,
  proceeds REAL,
  realized_pnl REAL,
  unrealized_pnl REAL,
  fees_usd REAL NOT NULL,
  entry_price_source TEXT,
  current_price_source TEXT,
  exit_price_source TEXT,
  fill_price_source TEXT,
  outcome TEXT NOT NULL DEFAULT 'YES',
  PRIMARY KEY (run_id, id)
);

-- One row per order, written when the order ends (filled, cancelled, or at the end of the run).
-- s_* is the snapshot the order was decided on; times are microseconds since the Unix epoch (UTC).
CREATE TABLE IF NOT EXISTS orders (
  run_key INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  market_idx INTEGER NOT NULL,
  side INTEGER NOT NULL,
  qty REAL NOT NULL,
  limit_price REAL NOT NULL,
  sent_us INTEGER NOT NULL,
  s_bid REAL, s_ask REAL, s_mid REAL, s_dbid REAL, s_dask REAL, s_ltp REAL,
  s_src INTEGER NOT NULL,
  tier INTEGER NOT NULL,
  status INTEGER NOT NULL,
  closed_us INTEGER,
  reason TEXT,
  evals INTEGER NOT NULL,
  PRIMARY KEY (run_key, seq)
) WITHOUT ROWID;

-- One row per fill; f_* is the later snapshot the order filled against.
CREATE TABLE IF NOT EXISTS fills (
  run_key INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  fill_us INTEGER NOT NULL,
  f_bid REAL, f_ask REAL, f_mid REAL, f_dbid REAL, f_dask REAL, f_ltp REAL,
  f_src INTEGER NOT NULL,
  fill_price REAL NOT NULL,
  shares REAL NOT NULL,
  fee REAL NOT NULL,
  price_src TEXT NOT NULL,
  lot_id INTEGER,
  d_ref REAL, d_dist REAL, d_praw REAL, d_p REAL, d_roll REAL,
  PRIMARY KEY (run_key, seq)
) WITHOUT ROWID;

-- The run's state at the end of every tick: the equity and exposure curves.
CREATE TABLE IF NOT EXISTS ticks (
  run_key INTEGER NOT NULL,
  tick INTEGER NOT NULL,
  ts_us INTEGER NOT NULL,
  cash REAL NOT NULL,
  open_value REAL NOT NULL,
  open_cost REAL NOT NULL,
  committed REAL NOT NULL,
  PRIMARY KEY (run_key, tick)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS market_making_rewards (
  run_id TEXT NOT NULL,
  run_tag TEXT NOT NULL,
  market_id TEXT NOT NULL,
  reward_usd REAL NOT NULL,
  reward_source TEXT NOT NULL,
  timestamp TEXT NOT NULL
);

CREATE VIEW IF NOT EXISTS execution_records AS
SELECT
  r.run_id AS run_id,
  r.run_tag AS run_tag,
  r.run_id || '-' || o.seq AS order_id,
  f.lot_id AS trade_id,
  m.market_id AS market_id,
  m.slug AS market_slug,
  CASE o.side WHEN 0 THEN 'BUY' ELSE 'SELL' END AS side,
  'LIMIT' AS order_type,
  o.qty AS qty_shares,
  o.limit_price AS intended_limit_price,
  'GTC' AS time_in_force,
  NULL AS whale_signal_ts,
  NULL AS whale_entry_ref_price,
  'unknown' AS whale_ref_type,
  strftime('%Y-%m-%dT%H:%M:%fZ', o.sent_us / 1000000.0, 'unixepoch') AS our_decision_ts,
  strftime('%Y-%m-%dT%H:%M:%fZ', o.sent_us / 1000000.0, 'unixepoch') AS order_sent_ts,
  strftime('%Y-%m-%dT%H:%M:%fZ', o.sent_us / 1000000.0, 'unixepoch') AS exchange_ack_ts,
  CASE WHEN f.seq IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', f.fill_us / 1000000.0, 'unixepoch') END AS fill_ts,
  COALESCE(f.f_bid, o.s_bid) AS best_bid,
  COALESCE(f.f_ask, o.s_ask) AS best_ask,
  COALESCE(f.f_mid, o.s_mid) AS mid_price,
  COALESCE(f.f_ask, o.s_ask) - COALESCE(f.f_bid, o.s_bid) AS spread_abs,
  (COALESCE(f.f_ask, o.s_ask) - COALESCE(f.f_bid, o.s_bid)) / COALESCE(f.f_mid, o.s_mid) AS spread_pct,
  COALESCE(f.f_dbid, o.s_dbid) AS depth_bid_1,
  COALESCE(f.f_dask, o.s_dask) AS depth_ask_1,
  NULL AS depth_bid_2,
  NULL AS depth_ask_2,
  COALESCE(f.f_ltp, o.s_ltp) AS last_trade_price,
  f.fill_price AS fill_price,
  CASE WHEN o.side = 0 THEN f.price_src END AS entry_price_source,
  'mid' AS current_price_source,
  CASE WHEN o.side = 1 THEN f.price_src END AS exit_price_source,
  f.price_src AS fill_price_source,
  COALESCE(f.shares, 0) AS filled_shares,
  COALESCE(f.fee, 0) AS fees_usd,
  0 AS is_partial_fill,
  CASE WHEN f.seq IS NULL THEN 0 ELSE 1 END AS fill_count,
  NULL AS latency_ms,
  CASE WHEN f.seq IS NULL THEN NULL ELSE (f.fill_price - f.f_mid) / f.f_mid END AS quote_slippage_pct,
  (COALESCE(f.f_ask, o.s_ask) - COALESCE(f.f_mid, o.s_mid)) / COALESCE(f.f_mid, o.s_mid) AS half_spread_pct,
  NULL AS baseline_slippage_pct,
  CASE WHEN f.seq IS NULL THEN NULL
       WHEN o.side = 0 THEN (f.fill_price >= f.f_ask - 1e-9)
       ELSE (f.fill_price <= f.f_bid + 1e-9) END AS spread_crossed,
  CASE WHEN f.seq IS NULL THEN NULL
       WHEN o.side = 0 THEN (f.fill_price - f.f_ask) / f.f_ask
       ELSE (f.f_bid - f.fill_price) / f.f_bid END AS impact_proxy_pct,
  CASE o.tier WHEN 0 THEN 'A' WHEN 1 THEN 'B' ELSE 'C' END AS liquidity_tier,
  strftime('%Y-%m-%dT%H:%M:%fZ', o.sent_us / 1000000.0, 'unixepoch') AS created_at,
  strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(f.fill_us, o.closed_us, o.sent_us) / 1000000.0, 'unixepoch') AS updated_at,
  CASE COALESCE(f.f_src, o.s_src) WHEN 1 THEN 'gamma_fallback' WHEN 2 THEN 'ltp_fallback' ELSE 'clob' END AS book_source,
  json_extract(r.params, '$.fill_model') AS fill_model,
  CASE WHEN f.seq IS NULL THEN NULL
       ELSE json_object('ref', f.d_ref, 'dist_ticks', f.d_dist, 'p_raw', f.d_praw, 'p', f.d_p, 'roll', f.d_roll, 'evaluations', o.evals) END AS fill_diagnostics,
  CASE o.status WHEN 0 THEN 'open' WHEN 1 THEN 'filled' ELSE 'cancelled' END AS status,
  o.reason AS cancel_reason
FROM orders o
JOIN runs r ON r.run_key = o.run_key
JOIN run_markets m ON m.run_key = o.run_key AND m.idx = o.market_idx
LEFT JOIN fills f ON f.run_key = o.run_key AND f.seq = o.seq;
