package io.canarykit.admin.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The report's reading and writing threads hand parts over in order, and either side can end it. */
class ReportHandoffTest {

    @Test
    void partsArriveInTheOrderTheyWereHandedOn() throws Exception {
        ReportHandoff handoff = new ReportHandoff(4, 16);
        handoff.put(new ReportHandoff.End(0));
        handoff.put(new ReportHandoff.Bytes(new byte[] {1, 2}, 2));
        handoff.put(new ReportHandoff.End(1));
        assertThat(handoff.take()).isEqualTo(new ReportHandoff.End(0));
        assertThat(handoff.take()).isInstanceOf(ReportHandoff.Bytes.class);
        assertThat(handoff.take()).isEqualTo(new ReportHandoff.End(1));
    }

    @Test
    void chunksTheWriterGaveBackAreFilledAgainAndOthersAreNot() {
        ReportHandoff handoff = new ReportHandoff(2, 16);
        byte[] used = handoff.emptyChunk();
        assertThat(used).hasSize(16);
        handoff.recycle(used);
        handoff.recycle(new byte[40]);
        assertThat(handoff.emptyChunk()).isSameAs(used);
        assertThat(handoff.emptyChunk()).as("none left to reuse").isNotSameAs(used).hasSize(16);
    }

    @Test
    void aFailedReadReachesTheWriterWithItsCause() throws Exception {
        ReportHandoff handoff = new ReportHandoff(2, 16);
        handoff.put(new ReportHandoff.End(3));
        handoff.fail(new SQLException("[SQLITE_IOERR] disk I/O error"));
        assertThat(handoff.take()).isEqualTo(new ReportHandoff.End(3));
        assertThatThrownBy(handoff::take).isInstanceOf(ReportHandoff.ReportReadException.class)
                .hasMessageContaining("could not be read from the ledger").hasMessageContaining("disk I/O error");
    }

    @Test
    void aWriterThatStopsReleasesAReaderWaitingForRoom() throws Exception {
        ReportHandoff handoff = new ReportHandoff(1, 16);
        handoff.put(new ReportHandoff.End(2));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                handoff.put(new ReportHandoff.End(0));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(blocked).as("waits while the one place is taken").isNotDone();
        handoff.cancel();
        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class)
                .hasMessageContaining("download ended");
    }
}
