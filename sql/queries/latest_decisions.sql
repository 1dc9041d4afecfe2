-- Each symbol's latest gate decision, as the execution engines see it, kept up to date.
SELECT
  symbol,
  `allow`,
  `mode`,
  size_multiplier,
  reasons,
  gates.canary AS canary_cut,
  canary_share,
  seq,
  TO_TIMESTAMP_LTZ(valid_until, 3) AS valid_until
FROM kit_gate_decisions;
