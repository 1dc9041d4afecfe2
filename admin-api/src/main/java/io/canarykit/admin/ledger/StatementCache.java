package io.canarykit.admin.ledger;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The ledger's connection with its prepared statements kept for reuse. SQLite's driver prepares a
 * statement afresh on every {@code prepareStatement} and reads its column names as it does: with the
 * sidecar writing a few statements per record it consumes, that was about a sixth of its ingest.
 *
 * <p>Callers prepare and close as usual. {@code prepareStatement(sql)} hands out the statement kept
 * for {@code sql}, and closing it clears its parameters and keeps it. A statement still open when the
 * same text is prepared again (a query inside the loop over its own results) gets a fresh one that
 * closes as usual, as does every statement past {@link #CAPACITY} texts. Not thread-safe: the ledger
 * uses its connection under its lock.
 */
final class StatementCache implements InvocationHandler {

    /** Distinct statement texts kept; the sidecar has a few dozen. */
    static final int CAPACITY = 128;

    private final Connection connection;
    private final Map<String, Kept> kept = new HashMap<>();

    private StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** {@code connection}, with the statements it prepares kept. */
    static Connection over(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new StatementCache(connection));
    }

    /** The statements kept, for tests. */
    static int keptCount(Connection cached) {
        return ((StatementCache) Proxy.getInvocationHandler(cached)).kept.size();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return prepare((String) args[0]);
        }
        if (method.getName().equals("close") && args == null) {
            closeKept();
        }
        return forward(connection, method, args);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Kept statement = kept.get(sql);
        if (statement == null) {
            if (kept.size() >= CAPACITY) {
                return connection.prepareStatement(sql);
            }
            statement = new Kept(connection.prepareStatement(sql));
            kept.put(sql, statement);
        }
        if (statement.inUse) {
            return connection.prepareStatement(sql);
        }
        statement.inUse = true;
        return statement.handedOut;
    }

    private void closeKept() {
        for (Kept statement : kept.values()) {
            try {
                statement.real.close();
            } catch (SQLException ignored) {
                // The connection closes next, which frees it anyway.
            }
        }
        kept.clear();
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One kept statement and the handle callers get, whose close returns it. */
    private final class Kept implements InvocationHandler {

        private final PreparedStatement real;
        private final PreparedStatement handedOut;
        private boolean inUse;

        Kept(PreparedStatement real) {
            this.real = real;
            this.handedOut = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (args == null) {
                        giveBack();
                        return null;
                    }
                }
                case "isClosed" -> {
                    if (args == null) {
                        return !inUse;
                    }
                }
                case "getConnection" -> {
                    return connection;
                }
                default -> { }
            }
            return forward(real, method, args);
        }

        // A statement whose results or parameters cannot be reset is dropped, not reused.
        private void giveBack() throws SQLException {
            if (!inUse) {
                return;
            }
            inUse = false;
            try {
                real.clearParameters();
                real.clearBatch();
            } catch (SQLException e) {
                kept.values().remove(this);
                real.close();
            }
        }
    }
}
