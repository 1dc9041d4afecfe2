-- The desk-wide budget per minute: the lowest budget left, the deepest drawdown, and the canary's
-- share of the notional, from the job's '_global' KPI records.
SELECT
  window_start,
  MIN(budget_left) AS min_budget_left,
  MAX(dd_today) AS max_dd_today,
  MAX(trades_today) AS trades_today,
  MAX(open_positions) AS max_open_positions,
  MAX(canary_notional_share) AS max_canary_notional_share
FROM TABLE(TUMBLE(TABLE kit_kpis, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
WHERE symbol = '_global'
GROUP BY window_start, window_end;
