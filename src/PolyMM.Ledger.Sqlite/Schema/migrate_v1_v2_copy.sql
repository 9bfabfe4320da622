-- Second half of the v1 -> v2 migration, after the current schema file (schema_v3.sql) created the new tables.
INSERT INTO orders (run_key, seq, market_idx, side, qty, limit_price, sent_us, s_bid, s_ask, s_mid, s_dbid, s_dask, s_ltp,
                    s_src, tier, status, closed_us, reason, evals, live_us, filled_qty, fill_count)
SELECT o.run_key, o.seq, o.market_idx, o.side, o.qty, o.limit_price, o.sent_us, o.s_bid, o.s_ask, o.s_mid, o.s_dbid, o.s_dask,
       o.s_ltp, o.s_src, o.tier, o.status, o.closed_us, o.reason, o.evals, o.sent_us,
       COALESCE(f.shares, 0), CASE WHEN f.seq IS NULL THEN 0 ELSE 1 END
FROM _v1_orders o LEFT JOIN _v1_fills f ON f.run_key = o.run_key AND f.seq = o.seq;
INSERT INTO fills (run_key, fill_id, seq, fill_us, f_bid, f_ask, f_mid, f_dbid, f_dask, f_ltp, f_src, fill_price, shares, fee,
                   price_src, lot_id, d_ref, d_dist, d_praw, d_p, d_roll, is_maker, reason)
SELECT run_key, seq, seq, fill_us, f_bid, f_ask, f_mid, f_dbid, f_dask, f_ltp, f_src, fill_price, shares, fee,
       price_src, lot_id, d_ref, d_dist, d_praw, d_p, d_roll, 1, NULL
FROM _v1_fills;
DROP TABLE _v1_orders;
DROP TABLE _v1_fills;
