package io.canarykit.admin.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** UTC days, the unit of the daily budget, the daily PnL and the daily report. */
public final class UtcDay {

    private UtcDay() {}

    /** The UTC day of an epoch-millisecond time, as {@code yyyy-mm-dd}. */
    public static String of(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
    }

    /** The first millisecond of {@code day}. */
    public static long start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
