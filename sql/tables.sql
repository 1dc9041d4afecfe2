-- The contract's topics as Flink SQL tables (Flink 2.2, the Kafka connector, JSON).
--
-- Load them into a SQL client session before any query in queries/:
--   sql-client.sh -i sql/tables.sql -f sql/queries/tca_hourly_by_model.sql
-- The broker is the one `kit cluster` and the job default to; change
-- 'properties.bootstrap.servers' below for yours.
--
-- Event time is each record's own `ts` (epoch milliseconds), as in the gating job. Input topics
-- skip records that do not parse: the gating job sends those to kit.dlq with the reason.

CREATE TABLE kit_market (
  ts BIGINT,
  symbol STRING,
  feed STRING,
  bid DOUBLE,
  ask DOUBLE,
  bid_size DOUBLE,
  ask_size DOUBLE,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'kit.market',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'canary-kit-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE kit_features (
  ts BIGINT,
  symbol STRING,
  model_id STRING,
  features MAP<STRING, DOUBLE>,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'kit.features',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'canary-kit-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE kit_orders (
  ts BIGINT,
  `event` STRING,
  order_id STRING,
  symbol STRING,
  side STRING,
  account STRING,
  model_id STRING,
  canary BOOLEAN,
  -- the challenger's paper order: true counts for the challenger, never for the account
  shadow BOOLEAN,
  qty DOUBLE,
  price DOUBLE,
  arrival_mid DOUBLE,
  place_ms DOUBLE,
  fill_qty DOUBLE,
  fill_px DOUBLE,
  fee DOUBLE,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'kit.orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'canary-kit-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE kit_control (
  id STRING,
  ts BIGINT,
  actor STRING,
  `type` STRING,
  args MAP<STRING, STRING>,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'kit.control',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'canary-kit-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- Compacted, keyed by symbol: read as a changelog, so a query sees each symbol's latest decision.
CREATE TABLE kit_gate_decisions (
  symbol STRING,
  ts BIGINT,
  seq BIGINT,
  valid_until BIGINT,
  `allow` BOOLEAN,
  `mode` STRING,
  size_multiplier DOUBLE,
  reasons ARRAY<STRING>,
  gates ROW<slo BOOLEAN, psi BOOLEAN, budget BOOLEAN, preflight BOOLEAN, kill_switch BOOLEAN,
            disarmed BOOLEAN, data_quality BOOLEAN, canary STRING>,
  model_id STRING,
  champion STRING,
  challenger STRING,
  pinned BOOLEAN,
  canary_share DOUBLE,
  max_risk_per_trade DOUBLE,
  -- MAX_ORDER_NOTIONAL (or the symbol's own) times size_multiplier
  max_order_notional DOUBLE,
  `live` BOOLEAN,
  -- the automatic rollout, null while none exists (docs/rollout.md)
  rollout ROW<`state` STRING, `step` INT, steps INT, share DOUBLE, shadow BOOLEAN, since BIGINT,
              next_step_due BIGINT, reason STRING,
              checks ARRAY<ROW<name STRING, verdict STRING, challenger DOUBLE, champion DOUBLE, `lower` DOUBLE,
                               `upper` DOUBLE, bound DOUBLE, samples BIGINT, champion_samples BIGINT, detail STRING>>,
              analysed_at BIGINT>,
  PRIMARY KEY (symbol) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'kit.gate-decisions',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'raw',
  'value.format' = 'json',
  'value.fields-include' = 'ALL'
);

-- One record per symbol and applied timestamp, and the desk-wide ones under symbol '_global'.
CREATE TABLE kit_kpis (
  symbol STRING,
  ts BIGINT,
  model_id STRING,
  psi DOUBLE,
  features_missing_ratio DOUBLE,
  feed_dislocation_bps DOUBLE,
  data_stale_seconds DOUBLE,
  p95_place_ms DOUBLE,
  error_rate DOUBLE,
  slippage_bps DOUBLE,
  orphans BIGINT,
  orphans_total BIGINT,
  canary_trades_total BIGINT,
  total_trades BIGINT,
  budget_left DOUBLE,
  canary_notional_share DOUBLE,
  psi_by_feature MAP<STRING, DOUBLE>,
  challenger ROW<model_id STRING, psi DOUBLE, p95_place_ms DOUBLE, error_rate DOUBLE,
                 slippage_bps DOUBLE, acked BIGINT, placed BIGINT>,
  dd_today DOUBLE,
  trades_today BIGINT,
  open_positions INT,
  dd_since_reset DOUBLE,
  trades_since_reset BIGINT,
  equity DOUBLE,
  start_of_day_equity DOUBLE,
  peak_equity DOUBLE,
  realised_pnl DOUBLE,
  fees DOUBLE,
  unrealised_pnl DOUBLE,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'kit.kpis',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'canary-kit-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- One or two records per fill: at the fill (final false, markouts unknown), then final with its
-- markouts 60 s later; the watermark waits 70 s so a window still counts a fill's final record.
CREATE TABLE kit_tca (
  order_id STRING,
  symbol STRING,
  ts BIGINT,
  side STRING,
  model_id STRING,
  canary BOOLEAN,
  -- a paper fill of the challenger's shadow order: judged, never traded
  shadow BOOLEAN,
  fill_qty DOUBLE,
  fill_px DOUBLE,
  arrival_mid DOUBLE,
  notional DOUBLE,
  fee DOUBLE,
  slippage_bps DOUBLE,
  place_ms DOUBLE,
  markouts_bps MAP<STRING, DOUBLE>,
  `final` BOOLEAN,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '70' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'kit.tca',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'canary-kit-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- Every record the job could not use, with why; raw_base64 holds its bytes.
CREATE TABLE kit_dlq (
  ts BIGINT,
  topic STRING,
  reason STRING,
  detail STRING,
  raw_base64 STRING,
  raw_size BIGINT,
  raw_truncated BOOLEAN,
  `partition` INT,
  `offset` BIGINT,
  event_time AS TO_TIMESTAMP_LTZ(ts, 3),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'kit.dlq',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'canary-kit-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);
