package io.canarykit.jobs.replay;

import static io.canarykit.jobs.testing.OrphanScenario.NOW;
import static io.canarykit.jobs.testing.OrphanScenario.S;
import static io.canarykit.jobs.testing.OrphanScenario.SYMBOL;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.testing.DeskGates;
import io.canarykit.jobs.testing.OrphanScenario;
import io.canarykit.schema.KpiRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's replay of {@link OrphanScenario}'s orders gives its hand-worked orphans in the KPI
 * records: the same numbers the sidecar's ledger and Go/No-Go give in admin-api's OrphansAgreeTest.
 */
class OrphansReplayITCase {

    @TempDir
    Path dir;

    @Test
    void kpiRecordsCarryTheOrphansWorkedByHand() throws Exception {
        Files.write(dir.resolve("orders.jsonl"), OrphanScenario.EVENTS);
        // A primary quote at NOW, so that the symbol is evaluated then.
        Files.writeString(dir.resolve("market.jsonl"), "{\"ts\":" + NOW + ",\"symbol\":\"" + SYMBOL
                + "\",\"feed\":\"primary\",\"bid\":99.99,\"ask\":100.01}\n");
        Files.writeString(dir.resolve("features.jsonl"), "");

        ReplayResult result = new Replay(new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"),
                dir.resolve("orders.jsonl"), null), WorkflowSettings.replay(DeskGates.replay(KitConfig.defaults())), 1,
                "hashmap", null).run();

        assertThat(result.dlq()).isEmpty();
        List<KpiRecord> kpis = result.kpis().stream().filter(k -> k.symbol().equals(SYMBOL)).toList();
        KpiRecord atS17 = at(kpis, S + 17_000);
        // At S+17000: o0 and o5 unanswered; o3, o5 and o9 (answered late at 17000) orphaned today.
        assertThat(atS17.orphans()).isEqualTo(2);
        assertThat(atS17.orphansTotal()).isEqualTo(3);
        KpiRecord atNow = at(kpis, NOW);
        assertThat(atNow.orphans()).isEqualTo((long) OrphanScenario.ORPHANS_AT_NOW);
        assertThat(atNow.orphansTotal()).isEqualTo(OrphanScenario.TOTAL_TODAY_AT_NOW);
    }

    private static KpiRecord at(List<KpiRecord> kpis, long ts) {
        return kpis.stream().filter(k -> k.ts() == ts).findFirst()
                .orElseThrow(() -> new AssertionError("no KPI record at " + ts + "; times: "
                        + kpis.stream().map(KpiRecord::ts).toList()));
    }
}
