-- Each symbol's SLO signals per minute, at their worst: the numbers behind an slo gate.
SELECT
  window_start,
  symbol,
  MAX(p95_place_ms) AS worst_p95_place_ms,
  MAX(error_rate) AS worst_error_rate,
  MAX(slippage_bps) AS worst_slippage_bps,
  MAX(data_stale_seconds) AS worst_stale_seconds,
  MAX(feed_dislocation_bps) AS worst_dislocation_bps,
  MAX(psi) AS worst_psi
FROM TABLE(TUMBLE(TABLE kit_kpis, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
WHERE symbol <> '_global'
GROUP BY window_start, window_end, symbol;
