package io.canarykit.cli.demo.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free on 127.0.0.1 for listeners started a moment later (a broker, a Flink REST endpoint, the
 * sidecar).
 *
 * <p>A port the system hands out for {@code bind(0)} comes from its range for outgoing connections, so
 * any client connecting in between (a Kafka consumer, a Flink RPC) may take it before the listener
 * binds it. Ports are therefore drawn below that range, where only listeners ever sit, and checked free.
 * Where the range cannot be read, or leaves too little room under it, the system's choice is used.
 */
public final class LoopbackPorts {

    /** Where Linux states the range it takes outgoing connections' ports from. */
    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** The lowest port drawn: above the ports services are usually configured on. */
    static final int LOWEST = 10_000;

    /** Fewer ports than this under the outgoing range and the draw would collide with itself too often. */
    static final int SMALLEST_SPAN = 2_000;

    private static final int DRAWS = 500;
    private static final String HOST = "127.0.0.1";

    /** Every port handed out in this process: two listeners asked for in a row must not get the same. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /** A port free right now, never one this process was handed before. */
    public static int free() {
        Optional<Integer> below = outgoingRangeStart(EPHEMERAL_RANGE).filter(start -> start - LOWEST >= SMALLEST_SPAN);
        if (below.isPresent()) {
            for (int i = 0; i < DRAWS; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below.get());
                if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        while (true) {
            int port = systemChosen();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    /** The first port of the outgoing range stated in {@code file}, if it states one. */
    static Optional<Integer> outgoingRangeStart(Path file) {
        try {
            return parseRangeStart(Files.readString(file));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The first of the two numbers in a range line such as {@code "32768\t60999\n"}. */
    static Optional<Integer> parseRangeStart(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            int start = Integer.parseInt(parts[0]);
            int end = Integer.parseInt(parts[1]);
            return start >= 1 && start <= end && end <= 65_535 ? Optional.of(start) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int systemChosen() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
