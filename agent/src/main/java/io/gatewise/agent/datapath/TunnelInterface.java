package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.SecurityPolicyDatabase;
import io.gatewise.agent.net.Tun;
import java.util.ArrayList;
import java.util.List;

/**
 * One tunnel interface of the datapath, the userspace counterpart of a Linux XFRM
 * interface ({@code ip link add ... type xfrm if_id N}): a TUN device, the SPD that sees
 * only the packets read from it, and one {@link TunWriter} per inbound pipeline for the
 * packets that SAs bound to it decrypt.
 *
 * <pre>
 *   index 0, id 0  the shared TUN device: every policy-based tunnel
 *   index k, id N  one route-based tunnel (0.0.0.0/0 policy, its routes point here)
 * </pre>
 *
 * The {@code index} is the slot in {@link Table}; SAs carry it so that the inbound path
 * finds the interface with an array read, and check the {@code id} in case the slot was
 * reused after the interface went away.
 */
final class TunnelInterface {
    final int id;
    final int index;
    final Tun tun;
    final SecurityPolicyDatabase spd;
    /** Indexed by inbound pipeline; each writer is used by that pipeline's thread only. */
    final TunWriter[] inboundWriters;
    final List<Thread> threads = new ArrayList<>();

    TunnelInterface(int id, int index, Tun tun, SecurityPolicyDatabase spd, int inboundPipelines) {
        this.id = id;
        this.index = index;
        this.tun = tun;
        this.spd = spd;
        this.inboundWriters = new TunWriter[inboundPipelines];
    }

    /** Inbound pipeline {@code p} writes to queue {@code queue}. */
    void writer(int p, int queue) {
        inboundWriters[p] = new TunWriter(tun, queue % tun.queueCount());
    }

    /**
     * The interfaces by slot. Reads are one volatile array load; changes copy the array
     * (they happen on config changes only). Slot 0 is the shared TUN device.
     */
    static final class Table {
        private volatile TunnelInterface[] slots = new TunnelInterface[1];

        TunnelInterface get(int index) {
            TunnelInterface[] s = slots;
            return index < s.length ? s[index] : null;
        }

        synchronized TunnelInterface byId(int id) {
            for (TunnelInterface t : slots) {
                if (t != null && t.id == id) {
                    return t;
                }
            }
            return null;
        }

        /** The lowest free slot (never 0 unless empty). */
        synchronized int freeIndex() {
            TunnelInterface[] s = slots;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == null) {
                    return i;
                }
            }
            return s.length;
        }

        synchronized void put(TunnelInterface t) {
            TunnelInterface[] s = slots;
            TunnelInterface[] n = java.util.Arrays.copyOf(s, Math.max(s.length, t.index + 1));
            n[t.index] = t;
            slots = n;
        }

        synchronized void remove(TunnelInterface t) {
            TunnelInterface[] n = slots.clone();
            if (t.index < n.length && n[t.index] == t) {
                n[t.index] = null;
            }
            slots = n;
        }

        synchronized List<TunnelInterface> all() {
            List<TunnelInterface> out = new ArrayList<>();
            for (TunnelInterface t : slots) {
                if (t != null) {
                    out.add(t);
                }
            }
            return out;
        }
    }
}
