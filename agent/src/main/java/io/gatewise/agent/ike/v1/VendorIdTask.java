package io.gatewise.agent.ike.v1;

import io.gatewise.agent.ike.codec.VendorIdPayload;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.sa.TaskStatus;

/**
 * Vendor IDs in the first message of each side of phase 1: we announce RFC 3947 NAT-T
 * (required by strongSwan's userspace datapath) and DPD (we answer R-U-THERE, RFC 3706
 * section 5.1), and learn which of them the peer supports. Fragmentation is not announced
 * until fragments are reassembled (strongSwan fragments only for peers that announce it).
 */
final class VendorIdTask implements Task {
    private enum State { INIT, SENT, RECEIVED }

    private final IkeSa sa;
    private State state = State.INIT;

    VendorIdTask(IkeSa sa) {
        this.sa = sa;
    }

    @Override
    public String name() {
        return "ISAKMP_VENDOR";
    }

    @Override
    public TaskStatus build(OutboundMessage message) {
        message.add(VendorIds.payload(VendorIds.NAT_T_RFC3947));
        message.add(VendorIds.payload(VendorIds.DPD));
        // We reassemble fragmented messages (FragmentReassembler), so peers may fragment
        // toward us; sent in the first message of each side (Main/Aggressive 1 and 2).
        message.add(VendorIds.payload(VendorIds.FRAGMENTATION));
        if (state == State.RECEIVED) {
            return TaskStatus.SUCCESS;          // responder: message 2 done
        }
        state = State.SENT;
        return TaskStatus.NEED_MORE;
    }

    @Override
    public TaskStatus process(InboundMessage message) {
        for (VendorIdPayload vid : message.payloads().all(VendorIdPayload.class)) {
            if (vid.vendorId().equals(VendorIds.NAT_T_RFC3947)) {
                sa.setPeerSupportsNatT(true);
            } else if (vid.vendorId().equals(VendorIds.DPD)) {
                sa.setPeerSupportsDpd(true);
            } else if (VendorIds.isFragmentation(vid.vendorId())) {
                sa.setPeerSupportsFragmentation(true);
            }
        }
        if (state == State.SENT) {
            return TaskStatus.SUCCESS;          // initiator: message 2 seen
        }
        state = State.RECEIVED;
        return TaskStatus.NEED_MORE;
    }
}
