-- Transaction costs per hour, symbol and model: champion against challenger, fill by fill, with the
-- mean markouts at 1 s, 5 s and 60 s (bps, positive = the market moved in the fill's favour). Each fill
-- counts once, by its final record; a markout that could not be measured (null) is left out of its mean.
-- The challenger's paper fills (shadow) have rows of their own, apart from its live ones.
SELECT
  window_start,
  symbol,
  model_id,
  canary,
  shadow,
  COUNT(*) AS fills,
  SUM(notional) AS notional,
  SUM(fee) AS fees,
  SUM(slippage_bps * notional) / NULLIF(SUM(CASE WHEN slippage_bps IS NULL THEN 0 ELSE notional END), 0)
    AS slippage_bps_notional_weighted,
  AVG(place_ms) AS avg_place_ms,
  MAX(place_ms) AS max_place_ms,
  AVG(markouts_bps['1s']) AS markout_1s_bps_avg,
  AVG(markouts_bps['5s']) AS markout_5s_bps_avg,
  AVG(markouts_bps['60s']) AS markout_60s_bps_avg
FROM TABLE(TUMBLE(TABLE kit_tca, DESCRIPTOR(event_time), INTERVAL '1' HOUR))
WHERE `final`
GROUP BY window_start, window_end, symbol, model_id, canary, shadow;
