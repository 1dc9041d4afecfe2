package io.canarykit.admin.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off from one of the report's reading threads (SQLite) to its writing thread (deflate,
 * digests, the download): its parts in order, at most {@code capacity} of them in flight, so a report
 * of any size holds a few chunks of memory and the threads run side by side. Either side can end it: a failed
 * read reaches the writer as an exception, and a download that ended stops the reader.
 */
final class ReportHandoff {

    /** One part of the report, in the order the writer takes them. */
    sealed interface Part permits Bytes, End, Finish, Failure {}

    /** The next {@code length} bytes of the piece being read. */
    record Bytes(byte[] bytes, int length) implements Part {}

    /** The piece being read (a slice of a file) ends, after {@code rows} rows. */
    record End(long rows) implements Part {}

    /** The metadata's facts, from the same snapshot as the files. */
    record Finish(ObjectNode facts) implements Part {}

    private record Failure(Throwable cause) implements Part {}

    private static final long POLL_MS = 50;

    private final BlockingQueue<Part> parts;
    /**
     * Chunks the writer is done with, for the reader to fill again: a day's report passes hundreds of
     * MB through its chunks, which would otherwise all be garbage.
     */
    private final BlockingQueue<byte[]> spare;
    private final int chunkBytes;
    private volatile boolean cancelled;

    ReportHandoff(int capacity, int chunkBytes) {
        this.parts = new ArrayBlockingQueue<>(capacity);
        this.spare = new ArrayBlockingQueue<>(capacity + 1);
        this.chunkBytes = chunkBytes;
    }

    /** A chunk to fill: one the writer gave back, or a new one. */
    byte[] emptyChunk() {
        byte[] chunk = spare.poll();
        return chunk != null ? chunk : new byte[chunkBytes];
    }

    /** The writer is done with {@code chunk}; one of another size (an outsized line's) is left to the GC. */
    void recycle(byte[] chunk) {
        if (chunk.length == chunkBytes) {
            spare.offer(chunk);
        }
    }

    /** Hands on {@code part}, waiting while the writer is behind. */
    void put(Part part) throws InterruptedException {
        boolean handedOn = false;
        while (!handedOn && !cancelled) {
            handedOn = parts.offer(part, POLL_MS, TimeUnit.MILLISECONDS);
        }
        // Checked after the offer too: cancel() empties the queue, which makes room for a waiting offer.
        if (cancelled) {
            throw new CancellationException("the report's download ended before it was read");
        }
    }

    /** Ends the report with {@code cause}: the writer's next take throws it. */
    void fail(Throwable cause) {
        try {
            put(new Failure(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (CancellationException e) {
            // The writer is gone already; nobody is left to tell.
        }
    }

    /** The next part; a failed read throws {@link ReportReadException}. */
    Part take() throws InterruptedException {
        Part part = parts.take();
        if (part instanceof Failure failure) {
            throw new ReportReadException(failure.cause());
        }
        return part;
    }

    /** The writer stops: the reader's next hand-off throws, and what it handed on is dropped. */
    void cancel() {
        cancelled = true;
        parts.clear();
    }

    /** The reading side of a report failed. */
    static final class ReportReadException extends RuntimeException {
        ReportReadException(Throwable cause) {
            super("the report could not be read from the ledger: " + cause.getMessage(), cause);
        }
    }
}
