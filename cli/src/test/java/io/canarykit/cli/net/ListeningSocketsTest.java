package io.canarykit.cli.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    @Test
    void readsIpv4AndIpv6RowsOfProcNetTcp() {
        assertThat(ListeningSockets.parse("0100007F:1F90")).hasToString("127.0.0.1:8080");
        assertThat(ListeningSockets.parse("00000000:2411").onLoopback()).isFalse();
        assertThat(ListeningSockets.parse("0000000000000000FFFF00000100007F:4A85")).hasToString("127.0.0.1:19077");
        assertThat(ListeningSockets.parse("00000000000000000000000000000000:2411").onLoopback()).isFalse();
        assertThat(ListeningSockets.parse("00000000000000000000000001000000:0050").onLoopback()).isTrue();
    }

    @Test
    void findsThisProcesssListenersWithTheirAddresses() throws Exception {
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket wildcard = new ServerSocket()) {
            wildcard.bind(new InetSocketAddress(0));

            var mine = ListeningSockets.of(ProcessHandle.current().pid());

            assertThat(mine).anySatisfy(l -> assertThat(l.port() == loopback.getLocalPort() && l.onLoopback()).isTrue());
            assertThat(mine).anySatisfy(l -> assertThat(l.port() == wildcard.getLocalPort() && !l.onLoopback()).isTrue());
        }
    }
}
