package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The outcome of decoding: a value, or a typed failure with the RFC 2408 notify type that
 * describes the defect and a short reason for the log. Bad input never escapes the codec
 * as an exception (Netty's {@code DecoderResult} idea).
 */
public sealed interface DecodeResult<T> permits DecodeResult.Ok, DecodeResult.Failure {

    static <T> DecodeResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> DecodeResult<T> failure(NotifyType notifyType, String reason) {
        return new Failure<>(notifyType, reason);
    }

    static <T> DecodeResult<T> failure(CodecException e) {
        return new Failure<>(e.notifyType(), e.getMessage());
    }

    boolean isOk();

    /** @throws IllegalStateException on a failure */
    T value();

    /** @throws IllegalStateException on success */
    Failure<T> failure();

    record Ok<T>(T value) implements DecodeResult<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public Failure<T> failure() {
            throw new IllegalStateException("decoding succeeded");
        }
    }

    record Failure<T>(NotifyType notifyType, String reason) implements DecodeResult<T> {
        public Failure {
            Objects.requireNonNull(notifyType, "notifyType");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("decoding failed: " + this);
        }

        @Override
        public Failure<T> failure() {
            return this;
        }

        /** The same failure, typed for another value. */
        @SuppressWarnings("unchecked")
        public <U> Failure<U> cast() {
            return (Failure<U>) this;
        }

        @Override
        public String toString() {
            return notifyType.rfcName() + ": " + reason;
        }
    }
}
