package io.canarykit.operators.signals;

import io.canarykit.schema.TcaRecord;

/**
 * A fill waiting for its markouts, as {@link MarkoutBook} keeps it: its first TCA record and the
 * markouts settled so far (null while unknown, or when no mid measured it).
 */
public record PendingMarkout(TcaRecord fill, Double oneSecond, Double fiveSeconds) {}
