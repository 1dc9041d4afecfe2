package io.canarykit.operators.signals;

import io.canarykit.schema.ReferenceProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The reference profiles received on {@code kit.reference}, in the order they arrived, as the
 * job's broadcast state holds them (a Flink POJO); {@link #book} reads them, with the profiles given
 * at start, as a {@link ReferenceBook}, compiled once and kept until the next update.
 */
public final class ReferenceTimeline {

    private List<ReferenceProfile> updates = new ArrayList<>();
    private transient ReferenceBook start;
    private transient ReferenceBook book;

    /** An empty timeline; also the state serializer's constructor. */
    public ReferenceTimeline() {}

    /** Adds {@code update}; one without {@code ts}, or that does not compile, throws and changes nothing. */
    public void add(ReferenceProfile update) {
        // Checked before it is kept, so a bad record never reaches the state the symbols read.
        ReferenceBook.compileUpdate(update);
        updates.add(update);
        if (book != null) {
            book = book.plus(List.of(update));
        }
    }

    /** The profiles of {@code startBook} overlaid with every update received. */
    public ReferenceBook book(ReferenceBook startBook) {
        if (book == null || start != startBook) {
            start = startBook;
            book = startBook.plus(updates);
        }
        return book;
    }

    /** The updates in arrival order, as the state holds them. */
    public List<ReferenceProfile> getUpdates() {
        return Collections.unmodifiableList(updates);
    }

    public void setUpdates(List<ReferenceProfile> updates) {
        this.updates = new ArrayList<>(updates);
        this.book = null;
    }
}
