package io.gatewise.agent.ike.v1;

import java.util.List;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.keymat.QuickModeKeys;
import io.gatewise.agent.ike.keymat.SaKeys;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ipsec.Endpoint;
import io.gatewise.agent.ipsec.IpsecBackend;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaLifetime;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.ipsec.TrafficSelector;

/**
 * Hands a negotiated child SA to the datapath, only through {@link IpsecBackend}: KEYMAT
 * for both directions (RFC 2409 section 5.5), one inbound and one outbound {@link SaSpec};
 * the policy that binds them to the selectors (and sends traffic into them) follows
 * separately ({@link #pointPolicyAt}), when {@link ChildRekey} decides the pair is to carry it. Our copies of the keys are wiped as
 * soon as the backend has taken them.
 */
final class ChildInstaller {

    private ChildInstaller() {
    }

    /** The negotiated facts of one Quick Mode. */
    record Negotiated(ChildConfig child, AcceptedEspTransform accepted, boolean weInitiated, int spiIn, int spiOut,
            byte[] gqmxy, byte[] nonceI, byte[] nonceR, TrafficSelector localTs, TrafficSelector remoteTs) {
    }

    static ChildSa install(IkeSa sa, V1Context ctx, Negotiated n, long nowMillis) throws IkeException {
        IpsecBackend backend = ctx.hooks().backend();
        var enc = n.accepted().proposal().encryption();
        var integ = n.accepted().proposal().integrity();
        int initiatorSpi = n.weInitiated() ? n.spiIn() : n.spiOut();
        int responderSpi = n.weInitiated() ? n.spiOut() : n.spiIn();
        QuickModeKeys keys = sa.keymat().quickModeKeys(IpsecProtocol.ESP, enc, integ, initiatorSpi, responderSpi,
                n.gqmxy(), n.nonceI(), n.nonceR());
        boolean udp = n.accepted().mode().isUdpEncapsulated();
        boolean esn = n.accepted().proposal().extendedSequenceNumbers();
        SaSpec.Mode mode = n.accepted().mode().isTransport() ? SaSpec.Mode.TRANSPORT : SaSpec.Mode.TUNNEL;
        Endpoint local = new Endpoint(sa.local().getAddress(), udp ? sa.local().getPort() : 0);
        Endpoint remote = new Endpoint(sa.remote().getAddress(), udp ? sa.remote().getPort() : 0);
        long hard = n.accepted().lifetimeSeconds();
        long hardBytes = n.accepted().lifetimeKilobytes() * 1024;
        // time: the engine schedules the rekey itself (ChildRekey, with a random margin) and
        // the datapath only enforces the hard end; volume: the datapath reports the soft
        // byte limit, which starts the rekey (IkeEngine.onLifetimeExpired)
        SaLifetime life = new SaLifetime(0, hard, RekeyScheduler.softBytes(hardBytes, ctx.random()), hardBytes);
        long reqId = ctx.hooks().nextReqId();
        SaId inId = new SaId(n.spiIn(), IpsecProtocol.ESP, sa.local().getAddress());
        SaId outId = new SaId(n.spiOut(), IpsecProtocol.ESP, sa.remote().getAddress());
        SaKeys in = keys.inbound(n.weInitiated());
        SaKeys out = keys.outbound(n.weInitiated());
        byte[] inEnc = in.encryptionKey();
        byte[] inInteg = in.integrityKey();
        byte[] outEnc = out.encryptionKey();
        byte[] outInteg = out.integrityKey();
        ChildSa child = new ChildSa(n.child().name(), n.child(), sa.id(), sa.peerName(), reqId, IpsecProtocol.ESP,
                n.spiIn(), n.spiOut(), sa.local().getAddress(), sa.remote().getAddress(), enc, integ, mode, udp,
                n.localTs(), n.remoteTs(), hard, n.accepted().lifetimeKilobytes(), nowMillis);
        boolean inAdded = false;
        boolean outAdded = false;
        try {
            backend.addSa(new SaSpec(inId, SaSpec.Direction.INBOUND, mode, local, remote, udp, enc, inEnc, integ,
                    inInteg, List.of(n.localTs()), List.of(n.remoteTs()), n.child().replayWindow(), esn, life, reqId,
                    n.child().interfaceId()));
            inAdded = true;
            backend.addSa(new SaSpec(outId, SaSpec.Direction.OUTBOUND, mode, local, remote, udp, enc, outEnc, integ,
                    outInteg, List.of(n.localTs()), List.of(n.remoteTs()), 0, esn, life, reqId,
                    n.child().interfaceId()));
            outAdded = true;
        } catch (RuntimeException e) {
            if (outAdded) {
                backend.deleteSa(outId);
            }
            if (inAdded) {
                backend.deleteSa(inId);
            }
            throw IkeException.of(NotifyType.NO_PROPOSAL_CHOSEN, "the datapath refused child " + n.child().name()
                    + ": " + e.getMessage());
        } finally {
            Bytes.wipe(inEnc, inInteg, outEnc, outInteg);
            keys.destroy();
        }
        return child;
    }

    /** Removes both SAs and the policy of a child from the datapath (the backend wipes the keys). */
    static void remove(IpsecBackend backend, ChildSa child) {
        remove(backend, child, true);
    }

    /**
     * Removes both SAs of a child; the policy only when asked (a rekeyed pair leaves it to
     * its successor, which already replaced it under the same id).
     */
    static void remove(IpsecBackend backend, ChildSa child, boolean withPolicy) {
        if (withPolicy) {
            backend.deletePolicy(child.policyId());
        }
        backend.deleteSa(child.outboundId());
        backend.deleteSa(child.inboundId());
    }

    /** Points the child's policy at this pair's SAs (atomic replace of the same id). */
    static void pointPolicyAt(IpsecBackend backend, ChildSa child) {
        backend.addPolicy(new PolicySpec(child.policyId(), List.of(child.localTs()), List.of(child.remoteTs()),
                child.outboundId(), child.inboundId(), 0, child.config().interfaceId()));
    }
}
