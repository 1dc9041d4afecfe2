-- Rejected input per five minutes, by topic and reason: what upstream should fix first.
SELECT
  window_start,
  topic,
  reason,
  COUNT(*) AS records
FROM TABLE(TUMBLE(TABLE kit_dlq, DESCRIPTOR(event_time), INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, topic, reason;
