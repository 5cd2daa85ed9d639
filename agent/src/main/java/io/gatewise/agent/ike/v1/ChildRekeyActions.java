package io.gatewise.agent.ike.v1;

import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ike.sa.ChildSa;

/** What {@link ChildRekey} asks of the task manager of its ISAKMP SA. */
final class ChildRekeyActions implements ChildRekey.Actions {
    private final TaskManagerV1 tm;

    ChildRekeyActions(TaskManagerV1 tm) {
        this.tm = tm;
    }

    @Override
    public void startRekey(ChildSa old, long now) {
        tm.startQuickMode(old.config(), old, now);
    }

    @Override
    public void sendDelete(ChildSa child, long now) {
        tm.informational().sendChildDelete(child, now);
    }

    @Override
    public void removeOutbound(ChildSa child) {
        tm.ctx().hooks().backend().deleteSa(child.outboundId());
    }

    @Override
    public void remove(ChildSa child, String reason, long now) {
        if (tm.sa().children().contains(child)) {
            tm.informational().removeChild(child, reason, now);
        }
    }

    @Override
    public void pointPolicyAt(ChildSa child) {
        ChildInstaller.pointPolicyAt(tm.ctx().hooks().backend(), child);
    }

    @Override
    public boolean peerSendsOn(ChildSa child) {
        return tm.ctx().hooks().backend().querySa(child.inboundId()).map(c -> c.packets() > 0).orElse(false);
    }

    @Override
    public void emit(ChildSaRekeyed event) {
        tm.emit(event);
    }
}
