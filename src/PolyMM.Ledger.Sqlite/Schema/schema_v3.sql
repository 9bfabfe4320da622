-- PolyMM ledger, schema version 3 (docs/design.md#storage).
-- The prototype's table names and columns (runs, portfolio, trades, execution_records,
-- market_making_rewards) are the contract for users' SQL. Hot, high-volume data (orders, fills, marks, ticks)
-- is stored in narrow tables keyed by an integer run key and microsecond event times; the wide,
-- human-readable execution_records is a view over them. Amounts are REAL in natural units (USD,
-- shares, probability prices); every amount has at most 6 decimals, so it reads back into decimal exactly.
-- v2 over v1: an order row is written when the order is accepted and rewritten as it changes (live_us,
-- filled_qty, fill_count, status 0-4); several fills per order keyed by fill_id; per-market marks; entry and
-- exit fees per lot; the writer's heartbeat on the run. migrate_v1_v2.sql turns a v1 file into v2.
-- v3 over v2: each fill's maker rebate (fills.rebate_usd) and the per-minute liquidity-reward samples
-- (reward_samples); migrate_v2_v3.sql turns a v2 file into this.

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
  stats TEXT NOT NULL DEFAULT '{}',
  heartbeat_at TEXT,
  writer_pid INTEGER,
  writer_host TEXT
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
  entry_fee_usd REAL NOT NULL DEFAULT 0,
  exit_fee_usd REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, id)
);

-- One row per order, written when the gateway accepts (or rejects) it and rewritten every time it changes.
-- s_* is the snapshot the order was decided on; times are microseconds since the Unix epoch (UTC).
-- status: 0 open, 1 filled, 2 cancelled, 3 partially filled (still working), 4 rejected.
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
  live_us INTEGER NOT NULL,
  filled_qty REAL NOT NULL DEFAULT 0,
  fill_count INTEGER NOT NULL DEFAULT 0,
  CHECK (status BETWEEN 0 AND 4),
  PRIMARY KEY (run_key, seq)
) WITHOUT ROWID;

-- One row per fill (an order may have several); seq is the order's. f_* is the top of book the fill was
-- matched against.
CREATE TABLE IF NOT EXISTS fills (
  run_key INTEGER NOT NULL,
  fill_id INTEGER NOT NULL,
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
  is_maker INTEGER NOT NULL DEFAULT 1,
  reason TEXT,
  rebate_usd REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (run_key, fill_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fills_by_order ON fills (run_key, seq, fill_id);

-- A market's mark (last valid mid) at an event time: at every fill and at least every second of event time
-- in which it changed. Keyed by time first: a run writes marks in event-time order across all its markets, so
-- every insert lands at the end of the tree (keyed by market first, each insert landed mid-tree).
CREATE TABLE IF NOT EXISTS marks (
  run_key INTEGER NOT NULL,
  ts_us INTEGER NOT NULL,
  market_idx INTEGER NOT NULL,
  mark REAL NOT NULL,
  PRIMARY KEY (run_key, ts_us, market_idx)
) WITHOUT ROWID;

-- The run's state right after each fill (the engine's at-fill samples), numbered in order within the run. A tick's
-- events share one event time offline, so the tick-end row in `ticks` is at the same instant; online a poll's batch
-- can span several event times, and these rows keep the state at each fill's own time.
CREATE TABLE IF NOT EXISTS fill_samples (
  run_key INTEGER NOT NULL,
  n INTEGER NOT NULL,
  tick INTEGER NOT NULL,
  ts_us INTEGER NOT NULL,
  cash REAL NOT NULL,
  open_value REAL NOT NULL,
  open_cost REAL NOT NULL,
  committed REAL NOT NULL,
  PRIMARY KEY (run_key, n)
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

-- One market's liquidity-reward estimate at one minute of event time (docs/design.md#rewards): the Q_min of our
-- resting quotes and of the whole visible book (ours included), our share, and what it accrues (daily rate / 1440).
-- book_fully_visible is 0 on top-of-book data, where only the touch of the other makers is seen.
CREATE TABLE IF NOT EXISTS reward_samples (
  run_key INTEGER NOT NULL,
  ts_us INTEGER NOT NULL,
  market_idx INTEGER NOT NULL,
  our_q_min REAL NOT NULL,
  total_q_min REAL NOT NULL,
  share REAL NOT NULL,
  reward_usd REAL NOT NULL,
  book_fully_visible INTEGER NOT NULL,
  PRIMARY KEY (run_key, ts_us, market_idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS market_making_rewards (
  run_id TEXT NOT NULL,
  run_tag TEXT NOT NULL,
  market_id TEXT NOT NULL,
  reward_usd REAL NOT NULL,
  reward_source TEXT NOT NULL,
  timestamp TEXT NOT NULL
);

-- One row per order. Amounts sum the order's fills (fill_price is their volume-weighted price, fees_usd their
-- sum); the book, the fill time, the lot and the diagnostics are those of the order's first fill.
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
  strftime('%Y-%m-%dT%H:%M:%fZ', o.live_us / 1000000.0, 'unixepoch') AS exchange_ack_ts,
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
  a.px AS fill_price,
  CASE WHEN o.side = 0 THEN f.price_src END AS entry_price_source,
  'mid' AS current_price_source,
  CASE WHEN o.side = 1 THEN f.price_src END AS exit_price_source,
  f.price_src AS fill_price_source,
  COALESCE(a.shares, 0) AS filled_shares,
  COALESCE(a.fee, 0) AS fees_usd,
  CASE WHEN o.fill_count > 0 AND o.filled_qty < o.qty THEN 1 ELSE 0 END AS is_partial_fill,
  o.fill_count AS fill_count,
  CASE WHEN o.live_us = o.sent_us THEN NULL ELSE (o.live_us - o.sent_us) / 1000.0 END AS latency_ms,
  CASE WHEN f.seq IS NULL THEN NULL ELSE (a.px - f.f_mid) / f.f_mid END AS quote_slippage_pct,
  (COALESCE(f.f_ask, o.s_ask) - COALESCE(f.f_mid, o.s_mid)) / COALESCE(f.f_mid, o.s_mid) AS half_spread_pct,
  NULL AS baseline_slippage_pct,
  CASE WHEN f.seq IS NULL THEN NULL
       WHEN o.side = 0 THEN (a.px >= f.f_ask - 1e-9)
       ELSE (a.px <= f.f_bid + 1e-9) END AS spread_crossed,
  CASE WHEN f.seq IS NULL THEN NULL
       WHEN o.side = 0 THEN (a.px - f.f_ask) / f.f_ask
       ELSE (f.f_bid - a.px) / f.f_bid END AS impact_proxy_pct,
  CASE o.tier WHEN 0 THEN 'A' WHEN 1 THEN 'B' ELSE 'C' END AS liquidity_tier,
  strftime('%Y-%m-%dT%H:%M:%fZ', o.sent_us / 1000000.0, 'unixepoch') AS created_at,
  strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(a.last_us, o.closed_us, o.sent_us) / 1000000.0, 'unixepoch') AS updated_at,
  CASE COALESCE(f.f_src, o.s_src) WHEN 1 THEN 'gamma_fallback' WHEN 2 THEN 'ltp_fallback' ELSE 'clob' END AS book_source,
  json_extract(r.params, '$.fill_model') AS fill_model,
  CASE WHEN f.seq IS NULL THEN NULL
       ELSE json_object('ref', f.d_ref, 'dist_ticks', f.d_dist, 'p_raw', f.d_praw, 'p', f.d_p, 'roll', f.d_roll, 'evaluations', o.evals) END AS fill_diagnostics,
  CASE o.status WHEN 0 THEN 'open' WHEN 1 THEN 'filled' WHEN 3 THEN 'partially_filled' WHEN 4 THEN 'rejected' ELSE 'cancelled' END AS status,
  o.reason AS cancel_reason
FROM orders o
JOIN runs r ON r.run_key = o.run_key
JOIN run_markets m ON m.run_key = o.run_key AND m.idx = o.market_idx
LEFT JOIN (
  SELECT run_key, seq, COUNT(*) AS n, SUM(shares) AS shares, CASE WHEN COUNT(*) = 1 THEN MAX(fill_price) ELSE SUM(shares * fill_price) / SUM(shares) END AS px, SUM(fee) AS fee,
         MIN(fill_id) AS first_id, MAX(fill_us) AS last_us
  FROM fills GROUP BY run_key, seq
) a ON a.run_key = o.run_key AND a.seq = o.seq
LEFT JOIN fills f ON f.run_key = a.run_key AND f.fill_id = a.first_id;
