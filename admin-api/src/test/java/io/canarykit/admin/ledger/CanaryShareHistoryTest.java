package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.testing.Records;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryShareHistoryTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final double[] SHARES = {0.0, 0.05, 0.10};

    @TempDir
    Path dir;

    @Test
    void eachSymbolsEffectiveShareIsRecordedWhenItDiffersFromThatSymbolsLastOne() throws Exception {
        Random random = new Random(11);
        List<List<Object>> expected = new ArrayList<>();
        Map<String, Double> lastByHand = new HashMap<>();
        try (Ledger ledger = Ledger.open(url())) {
            for (int i = 0; i < 2_000; i++) {
                String symbol = "S" + random.nextInt(40);
                double share = SHARES[random.nextInt(SHARES.length)];
                long ts = T0 + i;
                if (!Double.valueOf(share).equals(lastByHand.get(symbol))) {
                    expected.add(List.of(ts, symbol, share));
                    lastByHand.put(symbol, share);
                }
                ledger.transaction(c -> {
                    LedgerIngest.effectiveShare(c, Records.healthy(symbol, 1, ts, share));
                    return null;
                });
            }
            List<List<Object>> recorded = ledger.transaction(c -> {
                List<List<Object>> rows = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT ts, symbol, share FROM canary_share_history WHERE source = 'effective' ORDER BY ts");
                        ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        rows.add(List.of(r.getLong(1), r.getString(2), r.getDouble(3)));
                    }
                }
                return rows;
            });
            assertThat(recorded).isEqualTo(expected);
        }
    }

    @Test
    void theLastEffectiveShareIsFoundByTheSymbolsIndexNotByAWalkOfTheHistory() throws Exception {
        try (Ledger ledger = Ledger.open(url())) {
            List<String> plan = ledger.transaction(c -> {
                List<String> details = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement("EXPLAIN QUERY PLAN " + LedgerIngest.LAST_EFFECTIVE_SHARE)) {
                    q.setString(1, "BTCUSDT");
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            details.add(r.getString("detail"));
                        }
                    }
                }
                return details;
            });
            assertThat(plan).anyMatch(step -> step.contains("canary_share_by_symbol"));
            // No pass over the table, and no sort of what it found.
            assertThat(plan).noneMatch(step -> step.startsWith("SCAN") || step.contains("TEMP B-TREE"));
        }
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("kit.db");
    }
}
