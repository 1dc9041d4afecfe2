package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A long unit of work sees that another waits for the connection, and the other goes once it ends. */
class LedgerWaitersTest {

    @Test
    void aTransactionSeesAnotherWaitingForTheConnection() throws Exception {
        try (Ledger ledger = Ledger.open("jdbc:sqlite::memory:")) {
            CountDownLatch holding = new CountDownLatch(1);
            AtomicBoolean sawNobody = new AtomicBoolean();
            AtomicBoolean sawWaiter = new AtomicBoolean();
            Thread command = new Thread(() -> {
                try {
                    holding.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ledger.transaction(c -> null);
            });
            command.start();
            ledger.transaction(c -> {
                sawNobody.set(!ledger.othersWaiting());
                holding.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!ledger.othersWaiting() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                sawWaiter.set(ledger.othersWaiting());
                return null;
            });
            command.join(10_000);
            assertThat(sawNobody).as("before the other asked").isTrue();
            assertThat(sawWaiter).as("while the other waited").isTrue();
            assertThat(command.isAlive()).as("the other ran once the connection was free").isFalse();
            assertThat(ledger.othersWaiting()).isFalse();
        }
    }
}
