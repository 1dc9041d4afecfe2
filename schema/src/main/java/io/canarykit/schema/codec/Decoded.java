package io.canarykit.schema.codec;

import java.util.function.Function;

/**
 * The outcome of decoding one input record: either the value, or a typed rejection with a reason
 * a person can read. Decoders return this and never throw into the caller.
 */
public sealed interface Decoded<T> permits Decoded.Accepted, Decoded.Rejected {

    static <T> Decoded<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Decoded<T> rejected(RejectReason reason, String detail) {
        return new Rejected<>(reason, detail);
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The value; throws {@link IllegalStateException} naming the rejection if there is none. */
    default T value() {
        if (this instanceof Accepted<T> a) {
            return a.get();
        }
        Rejected<T> r = (Rejected<T>) this;
        throw new IllegalStateException("rejected: " + r.reason().wire() + ": " + r.detail());
    }

    default <R> Decoded<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Accepted<T> a) {
            return new Accepted<>(f.apply(a.get()));
        }
        Rejected<T> r = (Rejected<T>) this;
        return new Rejected<>(r.reason(), r.detail());
    }

    /** A decoded value. */
    record Accepted<T>(T get) implements Decoded<T> {}

    /** A rejection: the reason class, and a detail naming the field and what was wrong with it. */
    record Rejected<T>(RejectReason reason, String detail) implements Decoded<T> {}
}
