package io.canarykit.cli.demo.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPortsTest {

    @Test
    void readsTheStartOfTheOutgoingRange() {
        assertThat(LoopbackPorts.parseRangeStart("32768\t60999\n")).contains(32768);
        assertThat(LoopbackPorts.parseRangeStart("  1024 65535")).contains(1024);
    }

    @Test
    void refusesALineThatIsNotARange() {
        assertThat(LoopbackPorts.parseRangeStart("")).isEmpty();
        assertThat(LoopbackPorts.parseRangeStart("32768")).isEmpty();
        assertThat(LoopbackPorts.parseRangeStart("60999 32768")).isEmpty();
        assertThat(LoopbackPorts.parseRangeStart("0 100")).isEmpty();
        assertThat(LoopbackPorts.parseRangeStart("32768 70000")).isEmpty();
        assertThat(LoopbackPorts.parseRangeStart("a b")).isEmpty();
    }

    @Test
    void aMissingFileStatesNoRange(@TempDir Path dir) throws Exception {
        assertThat(LoopbackPorts.outgoingRangeStart(dir.resolve("absent"))).isEmpty();
        Path file = Files.writeString(dir.resolve("range"), "40000\t50000\n");
        assertThat(LoopbackPorts.outgoingRangeStart(file)).contains(40000);
    }

    /** Where the system states its outgoing range, every port handed out lies under it. */
    @Test
    void handsOutDistinctBindablePortsBelowTheOutgoingRange() throws Exception {
        Optional<Integer> start = LoopbackPorts.outgoingRangeStart(LoopbackPorts.EPHEMERAL_RANGE);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = LoopbackPorts.free();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            start.filter(s -> s - LoopbackPorts.LOWEST >= LoopbackPorts.SMALLEST_SPAN).ifPresent(s ->
                    assertThat(port).isBetween(LoopbackPorts.LOWEST, s - 1));
        }
        int port = LoopbackPorts.free();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortInUseIsNotBindable() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(LoopbackPorts.bindable(held.getLocalPort())).isFalse();
        }
    }
}
