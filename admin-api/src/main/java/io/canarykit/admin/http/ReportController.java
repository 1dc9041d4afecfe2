package io.canarykit.admin.http;

import io.canarykit.admin.report.DailyReport;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The daily report as a ZIP download. */
final class ReportController {

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
        reports.write(day, ctx.outputStream());
    }
}
