package io.canarykit.admin.http;

import io.canarykit.admin.report.DailyReport;
import io.javalin.http.Context;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily report as a ZIP download, streamed. A failure is told apart by when it happens: before
 * any byte went out it is the usual JSON error; after, the status line is gone, so the transfer is
 * broken off (no last chunk: {@code curl} exits 18) rather than ended with an error glued to half a
 * ZIP; a client that hangs up gets one line in the log.
 */
final class ReportController {

    private static final Logger LOG = LoggerFactory.getLogger(ReportController.class);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final DailyReport reports;

    ReportController(DailyReport reports) {
        this.reports = reports;
    }

    void today(Context ctx) throws IOException {
        send(ctx, reports.today());
    }

    void byDate(Context ctx) throws IOException {
        String text = ctx.pathParam("date");
        if (!DATE.matcher(text).matches()) {
            throw ApiError.badRequest("invalid_date", "the date must be yyyy-mm-dd or today, got " + text);
        }
        try {
            send(ctx, LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("invalid_date", "no such date: " + text);
        }
    }

    private void send(Context ctx, LocalDate day) throws IOException {
        if (!reports.covers(day)) {
            throw ApiError.notFound("unknown_date",
                    "the ledger has no record of " + day + ": it is before the ledger's first day or in the future");
        }
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"canary-kit-report-" + day + ".zip\"");
        // Streamed: a day of a million fills is hundreds of MB of CSV, never held whole.
        Download download = new Download(ctx.outputStream());
        try {
            reports.write(day, download);
        } catch (IOException | RuntimeException e) {
            if (download.clientFailed()) {
                LOG.warn("{} {}: the client left before the end of the report of {} ({})", ctx.method(), ctx.path(),
                        day, e.getMessage());
                throw breakOff(ctx, e);
            } else if (!ctx.res().isCommitted()) {
                // Nothing went out: the error's JSON replaces the download, and is not offered as a file.
                ctx.res().resetBuffer();
                ctx.res().setHeader("Content-Disposition", null);
                throw e;
            } else {
                LOG.error("{} {}: the report of {} broke off after {} bytes, the download is cut short", ctx.method(),
                        ctx.path(), day, download.bytes(), e);
                throw breakOff(ctx, e);
            }
        }
    }

    /**
     * Closes the connection under the response, so that the client sees a transfer that never ended,
     * and returns what to throw: the exception Jetty raises for a connection gone, which Javalin takes
     * for a client that left (it logs it at debug level and writes nothing more). Closing the
     * connection, not aborting the servlet's channel: Javalin, finishing the request, asks the channel
     * for its state and logs the aborted one as an error of its own.
     */
    private static EofException breakOff(Context ctx, Throwable cause) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null) {
            request.getConnectionMetaData().getConnection().getEndPoint().close(cause);
        }
        return cause instanceof EofException gone ? gone : new EofException(cause);
    }

    /** The response's stream, counting what went to it and noting whether writing to it failed. */
    private static final class Download extends FilterOutputStream {

        private long bytes;
        private boolean clientFailed;

        Download(OutputStream client) {
            super(client);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                clientFailed = true;
                throw e;
            }
            bytes += len;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                clientFailed = true;
                throw e;
            }
        }

        long bytes() {
            return bytes;
        }

        boolean clientFailed() {
            return clientFailed;
        }
    }
}
