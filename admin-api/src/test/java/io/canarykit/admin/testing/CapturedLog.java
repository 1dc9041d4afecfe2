package io.canarykit.admin.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** What the code under test logs at WARN or above while it is open, as log4j delivers it. */
public final class CapturedLog implements AutoCloseable {

    /** One logged line: its level, its message and whether it carried a stack trace. */
    public record Line(Level level, String logger, String message, Throwable thrown) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    private CapturedLog() {
        appender = new AbstractAppender("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(),
                        event.getThrown()));
            }
        };
    }

    public static CapturedLog start() {
        CapturedLog log = new CapturedLog();
        log.appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(log.appender, Level.WARN, null);
        context.updateLoggers();
        return log;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
