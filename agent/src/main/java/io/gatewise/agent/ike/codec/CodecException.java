package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * A malformed message, with the RFC 2408 section 3.14.1 notify type that describes it.
 * Checked on purpose: it never escapes the codec; {@link IsakmpDecoder} turns it into a
 * {@link DecodeResult.Failure}.
 */
public final class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final NotifyType notifyType;

    public CodecException(NotifyType notifyType, String reason) {
        super(reason, null, false, false);   // no stack trace: bad input is routine, not exceptional
        this.notifyType = Objects.requireNonNull(notifyType, "notifyType");
    }

    public NotifyType notifyType() {
        return notifyType;
    }
}
