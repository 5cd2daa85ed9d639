package io.gatewise.agent.ipsec;

import java.net.Inet4Address;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live state of one direction of an IPsec SA (RFC 4301 section 4.4.2): keys, the
 * per-thread transforms built from them, the sequence counter or the replay window,
 * counters and lifetime accounting.
 *
 * <p>Datapath threads are numbered slots; each slot lazily gets its own
 * {@link EspTransform}/{@link AhTransform} so Cipher and Mac instances are reused
 * without locking. A slot must only be used by one thread at a time.
 */
public final class SecurityAssociation {
    private static final Logger log = LoggerFactory.getLogger(SecurityAssociation.class);
    /** Without ESN, warn IKE this many packets before the 32-bit counter runs out. */
    static final long SEQ_SOFT_MARGIN = 1L << 24;

    /** Told when a lifetime limit is crossed. */
    public interface ExpiryHandler {
        void expired(SecurityAssociation sa, boolean hard);
    }

    private final SaSpec spec;
    private final byte[] encryptionKey;
    private final byte[] integrityKey;
    private final EspTransform[] esp;
    private final AhTransform[] ah;
    private final CompiledSelector[] localSelectors;
    private final CompiledSelector[] remoteSelectors;
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final ReplayWindow replay;
    private final LiveCounters counters = new LiveCounters();
    private final AtomicBoolean softFired = new AtomicBoolean();
    private final AtomicBoolean hardFired = new AtomicBoolean();
    private final long createdNanos;
    private final LongSupplier nanoClock;
    private final ExpiryHandler expiryHandler;
    private final java.util.concurrent.locks.ReentrantLock outboundOrder =
            new java.util.concurrent.locks.ReentrantLock();
    private final int interfaceId;
    /** Set by the datapath before the SA is published in the SAD (whose maps are volatile). */
    private int interfaceIndex;
    private volatile int maxInnerLength = 65535;
    private volatile boolean dead;
    private volatile Endpoint local;
    private volatile Endpoint remote;

    public SecurityAssociation(SaSpec spec, int slots, boolean allowNullEncryption, LongSupplier nanoClock,
            ExpiryHandler expiryHandler) {
        validate(spec, allowNullEncryption);
        this.encryptionKey = spec.encryptionKey() == null ? null : spec.encryptionKey().clone();
        this.integrityKey = spec.integrityKey() == null ? null : spec.integrityKey().clone();
        // Keep the metadata only; the caller's key arrays are not retained.
        this.spec = new SaSpec(spec.id(), spec.direction(), spec.mode(), spec.local(), spec.remote(),
                spec.udpEncapsulated(), spec.encryption(), null, spec.integrity(), null, spec.localSelectors(),
                spec.remoteSelectors(), spec.replayWindow(), spec.extendedSequenceNumbers(), spec.lifetime(),
                spec.reqId(), spec.interfaceId());
        this.interfaceId = spec.interfaceId();
        this.local = spec.local();
        this.remote = spec.remote();
        this.esp = new EspTransform[slots];
        this.ah = new AhTransform[slots];
        this.localSelectors = spec.localSelectors().stream().map(CompiledSelector::new)
                .toArray(CompiledSelector[]::new);
        this.remoteSelectors = spec.remoteSelectors().stream().map(CompiledSelector::new)
                .toArray(CompiledSelector[]::new);
        this.replay = spec.direction() == SaSpec.Direction.INBOUND
                ? new ReplayWindow(spec.replayWindow(), spec.extendedSequenceNumbers()) : null;
        this.nanoClock = nanoClock;
        this.createdNanos = nanoClock.getAsLong();
        this.expiryHandler = expiryHandler;
        // Build slot 0 now so a bad key fails addSa, not the first packet.
        if (spec.id().protocol() == IpsecProtocol.ESP) {
            esp[0] = newEsp();
        } else {
            ah[0] = newAh();
        }
    }

    private static void validate(SaSpec s, boolean allowNull) {
        if ((s.id().spi() & 0xffffffffL) < 256) {
            throw new IllegalArgumentException("SPI 0..255 is reserved (RFC 4303 section 2.1)");
        }
        if (s.id().protocol() == IpsecProtocol.AH) {
            if (s.integrity() == null || s.encryption() != null) {
                throw new IllegalArgumentException("AH needs an integrity algorithm and no encryption");
            }
            if (s.udpEncapsulated()) {
                throw new IllegalArgumentException("AH cannot be UDP-encapsulated (RFC 3948 covers ESP only)");
            }
            if (!(s.remote().address() instanceof Inet4Address)) {
                throw new IllegalArgumentException("AH is implemented for IPv4 outer headers only");
            }
            return;
        }
        EncryptionAlgorithm e = s.encryption() == null ? EncryptionAlgorithm.NULL : s.encryption();
        if (e == EncryptionAlgorithm.NULL) {
            if (!allowNull) {
                throw new IllegalArgumentException("ESP-NULL (RFC 2410) is disabled; enable it explicitly");
            }
            if (s.integrity() == null) {
                throw new IllegalArgumentException("ESP-NULL without integrity protects nothing");
            }
        } else if (e.isAead()) {
            if (s.integrity() != null) {
                throw new IllegalArgumentException(e + " is combined mode; no separate integrity");
            }
        } else if (s.integrity() == null) {
            throw new IllegalArgumentException(e + " without integrity is refused (RFC 4303 section 3.2)");
        }
    }

    private EspTransform newEsp() {
        EncryptionAlgorithm e = spec.encryption() == null ? EncryptionAlgorithm.NULL : spec.encryption();
        boolean esn = spec.extendedSequenceNumbers();
        if (e.isAead()) {
            if (encryptionKey == null || encryptionKey.length != e.keyLength()) {
                throw new IllegalArgumentException(e + " needs " + e.keyLength() + " key bytes (salt included)");
            }
            return new AesGcmTransform(encryptionKey, esn);
        }
        return new CbcHmacTransform(e, encryptionKey, new IntegrityCheck(spec.integrity(), integrityKey), esn,
                IvSource.encryptedCounter());
    }

    private AhTransform newAh() {
        return new AhTransform(new IntegrityCheck(spec.integrity(), integrityKey), spec.extendedSequenceNumbers());
    }

    /** The ESP transform of a datapath slot, created on first use by that slot. */
    public EspTransform esp(int slot) {
        EspTransform t = esp[slot];
        if (t == null) {
            t = newEsp();
            esp[slot] = t;
        }
        return t;
    }

    public AhTransform ah(int slot) {
        AhTransform t = ah[slot];
        if (t == null) {
            t = newAh();
            ah[slot] = t;
        }
        return t;
    }

    public SaSpec spec() {
        return spec;
    }

    public SaId id() {
        return spec.id();
    }

    public int spi() {
        return spec.id().spi();
    }

    public boolean isTunnel() {
        return spec.mode() == SaSpec.Mode.TUNNEL;
    }

    public boolean isEsp() {
        return spec.id().protocol() == IpsecProtocol.ESP;
    }

    public Endpoint local() {
        return local;
    }

    public Endpoint remote() {
        return remote;
    }

    public void updateEndpoints(Endpoint newLocal, Endpoint newRemote) {
        this.local = newLocal;
        this.remote = newRemote;
    }

    /** Our outer IPv4 address as an int (0 for IPv6). */
    public int localV4() {
        return v4(local);
    }

    /** The peer's outer IPv4 address as an int (0 for IPv6). */
    public int remoteV4() {
        return v4(remote);
    }

    private static int v4(Endpoint e) {
        byte[] a = e.address().getAddress();
        return a.length == 4 ? IpPacket.u32(a, 0) : 0;
    }

    /**
     * Held by a datapath thread from reserving sequence numbers until the packets are
     * handed to the socket, when several threads may send on this SA: packets then leave
     * in sequence-number order, which peers with small replay windows need.
     */
    public java.util.concurrent.locks.ReentrantLock outboundOrder() {
        return outboundOrder;
    }

    /** The tunnel interface of this SA ({@link SaSpec#interfaceId()}), without the record indirection. */
    public int interfaceId() {
        return interfaceId;
    }

    /**
     * The datapath's slot for this SA's interface, so the inbound path finds the device
     * without a map lookup; only meaningful to the datapath that set it.
     */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** Called once, before the SA is added to the SAD. */
    public void setInterfaceIndex(int index) {
        this.interfaceIndex = index;
    }

    /** Largest inner packet that fits the outer path MTU once protected. */
    public int maxInnerLength() {
        return maxInnerLength;
    }

    public void setMaxInnerLength(int length) {
        this.maxInnerLength = length;
    }

    public ReplayWindow replayWindow() {
        return replay;
    }

    public LiveCounters counters() {
        return counters;
    }

    public boolean isDead() {
        return dead;
    }

    /**
     * Reserves {@code count} outbound sequence numbers and returns the first, or -1 when
     * the counter would cycle: without ESN the SA must then not be used any more
     * (RFC 4303 section 3.3.3), so it is declared dead (hard expiry).
     */
    public long reserveSequence(int count) {
        long first = nextSeq.getAndAdd(count);
        long last = first + count - 1;
        long limit = spec.extendedSequenceNumbers() ? -1L : 0xffffffffL;
        if (Long.compareUnsigned(last, limit) > 0 || last < first) {
            expire(true);
            return -1;
        }
        if (Long.compareUnsigned(last, limit - SEQ_SOFT_MARGIN) > 0) {
            expire(false);
        }
        return first;
    }

    /** Is the inner packet's source inside the peer's selectors and its destination inside ours? */
    public boolean inboundSelectorsMatch(FlowKey k) {
        return FlowKey.anyMatches(remoteSelectors, k, true) && FlowKey.anyMatches(localSelectors, k, false);
    }

    /** Accounts a processed packet and checks the volume limits. */
    public void account(int packets, long bytes) {
        counters.packets.addAndGet(packets);
        long total = counters.bytes.addAndGet(bytes);
        counters.lastPacketMillis = System.currentTimeMillis();
        SaLifetime l = spec.lifetime();
        if (l.hardBytes() > 0 && total >= l.hardBytes()) {
            expire(true);
        } else if (l.softBytes() > 0 && total >= l.softBytes()) {
            expire(false);
        }
    }

    /** Checks the time limits; called periodically by the backend. */
    public void checkTime() {
        long ageSeconds = (nanoClock.getAsLong() - createdNanos) / 1_000_000_000L;
        SaLifetime l = spec.lifetime();
        if (l.hardSeconds() > 0 && ageSeconds >= l.hardSeconds()) {
            expire(true);
        } else if (l.softSeconds() > 0 && ageSeconds >= l.softSeconds()) {
            expire(false);
        }
    }

    private void expire(boolean hard) {
        if (hard) {
            dead = true;
            if (hardFired.compareAndSet(false, true)) {
                log.info("SA {} reached its hard lifetime; no longer used", spec.id());
                expiryHandler.expired(this, true);
            }
        } else if (softFired.compareAndSet(false, true)) {
            log.info("SA {} reached its soft lifetime; asking for a rekey", spec.id());
            expiryHandler.expired(this, false);
        }
    }

    /** Marks the SA unusable and wipes its keys (transforms keep theirs until collected). */
    public void destroy() {
        dead = true;
        if (encryptionKey != null) {
            Arrays.fill(encryptionKey, (byte) 0);
        }
        if (integrityKey != null) {
            Arrays.fill(integrityKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "SA[" + spec + "]";
    }
}
