package io.canarykit.cli.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}: its socket inodes from
 * {@code /proc/PID/fd}, matched against the LISTEN rows of {@code /proc/net/tcp} and {@code tcp6}.
 */
public final class ListeningSockets {

    /** The state column's value for a listening socket. */
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /**
     * One listening socket.
     *
     * @param address the address it is bound to; an IPv4-mapped IPv6 address is given as IPv4
     * @param port its port
     */
    public record Listener(InetAddress address, int port) {

        /** True when only this machine can connect: bound to 127.0.0.0/8 or ::1. */
        public boolean onLoopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    /** The sockets the process {@code pid} listens on now. */
    public static List<Listener> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : lines(Path.of(table))) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 9 && LISTEN.equals(columns[3]) && inodes.contains(columns[9])) {
                    listeners.add(parse(columns[1]));
                }
            }
        }
        return listeners;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor was closed between the listing and the read; it is no socket of ours now.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the descriptors of process " + pid, e);
        }
        return inodes;
    }

    private static List<String> lines(Path table) {
        try {
            return Files.isReadable(table) ? Files.readAllLines(table) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code HEXADDR:HEXPORT}, where the address is written as 32-bit words in host (little-endian) order. */
    static Listener parse(String local) {
        String hex = local.substring(0, local.indexOf(':'));
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return new Listener(InetAddress.getByAddress(bytes), Integer.parseInt(local.substring(hex.length() + 1), 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + local, e);
        }
    }
}
