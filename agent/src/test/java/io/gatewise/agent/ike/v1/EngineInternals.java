package io.gatewise.agent.ike.v1;

import java.lang.reflect.Field;
import java.util.List;

import io.gatewise.agent.ike.IkeEngine;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.SaDatabase;

/**
 * Reaches an engine's live IKE SAs, so that a test can make one side of a real,
 * authenticated SA send what a misbehaving peer would (the engine has no public door for
 * that, on purpose).
 */
final class EngineInternals {
    private EngineInternals() {
    }

    static List<IkeSa> sas(IkeEngine engine) {
        try {
            Field db = IkeEngine.class.getDeclaredField("db");
            db.setAccessible(true);
            return ((SaDatabase) db.get(engine)).ikeSas().stream().filter(s -> s.state() != IkeSa.State.DEAD)
                    .toList();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("IkeEngine has no SaDatabase field 'db' any more", e);
        }
    }
}
