-- Transaction costs per hour, symbol and model: champion against challenger, fill by fill.
SELECT
  window_start,
  symbol,
  model_id,
  canary,
  COUNT(*) AS fills,
  SUM(notional) AS notional,
  SUM(fee) AS fees,
  SUM(slippage_bps * notional) / NULLIF(SUM(CASE WHEN slippage_bps IS NULL THEN 0 ELSE notional END), 0)
    AS slippage_bps_notional_weighted,
  AVG(place_ms) AS avg_place_ms,
  MAX(place_ms) AS max_place_ms
FROM TABLE(TUMBLE(TABLE kit_tca, DESCRIPTOR(event_time), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, symbol, model_id, canary;
