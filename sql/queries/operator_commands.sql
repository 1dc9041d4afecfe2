-- Every operator command in the order it was given: who armed, killed, pinned or ramped, and when.
SELECT
  event_time,
  actor,
  `type`,
  args,
  id
FROM kit_control;
