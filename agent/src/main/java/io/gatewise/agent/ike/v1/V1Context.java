package io.gatewise.agent.ike.v1;

import java.util.Objects;

import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.sa.SaHooks;

/** What every IKEv1 task and task manager of one engine shares. */
public record V1Context(EngineSettings settings, RandomSource random, SaHooks hooks) {
    public V1Context {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(hooks, "hooks");
    }

    /** A random non-zero 32-bit value (message ids; RFC 2408 section 3.1). */
    int nonZeroInt() {
        while (true) {
            byte[] b = random.randomBytes(4);
            int v = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (v != 0) {
                return v;
            }
        }
    }

    /** A random non-zero cookie (RFC 2408 section 2.5.3). */
    long cookie() {
        while (true) {
            byte[] b = random.randomBytes(8);
            long v = 0;
            for (byte x : b) {
                v = (v << 8) | (x & 0xff);
            }
            if (v != 0) {
                return v;
            }
        }
    }
}
