package io.canarykit.cli.demo.recording;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a recording at the pace it was recorded: the files are merged by {@code ts}, the first
 * record goes out at once, each later one as long after it as it was recorded (divided by the
 * speed), and each {@code ts} is moved to the time the record plays at, because the live job judges
 * staleness by the wall clock. A line with no usable {@code ts} goes out unchanged right after the
 * line before it in its file, so the job's dead-letter queue sees it as it would in production.
 */
public final class RecordingPlayer implements AutoCloseable {

    /**
     * What a finished play did.
     *
     * @param records lines sent
     * @param unchanged lines sent as recorded, with no usable {@code ts}
     * @param firstTs the recorded time of the first stamped line, or -1 when none was
     * @param lastTs the recorded time of the last stamped line, or -1
     * @param startMillis the wall clock when the first line went out
     * @param endMillis the wall clock when the last line went out
     */
    public record Report(long records, long unchanged, long firstTs, long lastTs, long startMillis, long endMillis) {
    }

    private final Recording recording;
    private final double speed;
    private final PlayClock clock;
    private final RecordSink sink;
    private final AtomicLong played = new AtomicLong();
    private final CompletableFuture<Report> finished = new CompletableFuture<>();
    private volatile boolean running = true;
    private Thread thread;

    public RecordingPlayer(Recording recording, double speed, PlayClock clock, RecordSink sink) {
        if (recording == null || clock == null || sink == null) {
            throw new IllegalArgumentException("recording, clock and sink are required, got " + recording + ", " + clock + ", " + sink);
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + speed);
        }
        this.recording = recording;
        this.speed = speed;
        this.clock = clock;
        this.sink = sink;
    }

    /** Plays on a thread of its own; {@link #finished()} completes at the end of the recording. */
    public RecordingPlayer start() {
        thread = new Thread(() -> {
            try {
                Report report = playAll();
                if (running) {
                    finished.complete(report);
                } else {
                    finished.cancel(false);
                }
            } catch (Exception e) {
                // Closing interrupts a send or a sleep: that is a stop, not a failure.
                if (running) {
                    finished.completeExceptionally(e);
                } else {
                    finished.cancel(false);
                }
            }
        }, "recording-player");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Completes with the report when the last line has gone out, or fails when playing failed. */
    public CompletableFuture<Report> finished() {
        return finished;
    }

    /** Lines sent so far. */
    public long played() {
        return played.get();
    }

    /** Plays the whole recording on the calling thread, pacing by the clock. */
    Report playAll() throws IOException, InterruptedException {
        try (RecordingMerge merge = RecordingMerge.open(recording)) {
            TimeShift shift = null;
            long unchanged = 0;
            long lastTs = -1;
            long start = clock.millis();
            for (RecordedLine line = merge.next(); line != null && running; line = merge.next()) {
                if (line.stamped()) {
                    if (shift == null) {
                        start = clock.millis();
                        shift = new TimeShift(line.ts(), start, speed);
                    }
                    long at = shift.playAt(line.ts());
                    clock.sleepUntil(at);
                    sink.send(line.topic(), line.key(), line.withTs(at));
                    lastTs = Math.max(lastTs, line.ts());
                } else {
                    // Its place in the merge is the time of the line before it, which has already played.
                    sink.send(line.topic(), line.key(), line.bytes());
                    unchanged++;
                }
                played.incrementAndGet();
            }
            return new Report(played.get(), unchanged, shift == null ? -1 : shift.firstTs(), lastTs, start, clock.millis());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
