package io.gatewise.agent.ipsec;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SAD (RFC 4301 section 4.4.2): inbound SAs found by SPI for each protocol (the SPI
 * alone selects a unicast SA, section 4.1), outbound SAs by their {@link SaId}. Lookups
 * are lock-free; changes are serialised.
 */
public final class SecurityAssociationDatabase {
    private final SecureRandom random = new SecureRandom();
    private final Map<SaId, SecurityAssociation> all = new ConcurrentHashMap<>();
    private final Set<Long> reservedSpis = new HashSet<>();
    private volatile SpiMap inboundEsp = SpiMap.EMPTY;
    private volatile SpiMap inboundAh = SpiMap.EMPTY;

    /** A fresh inbound SPI in 256..2^32-1, not used or reserved for this protocol. */
    public synchronized int allocateSpi(IpsecProtocol protocol) {
        while (true) {
            int spi = random.nextInt();
            if ((spi & 0xffffffffL) < 256) {
                continue;
            }
            long key = key(protocol, spi);
            if (inbound(protocol).get(spi) == null && reservedSpis.add(key)) {
                return spi;
            }
        }
    }

    public synchronized void add(SecurityAssociation sa) {
        if (all.containsKey(sa.id())) {
            throw new IllegalStateException("SA " + sa.id() + " already installed");
        }
        if (sa.spec().direction() == SaSpec.Direction.INBOUND) {
            IpsecProtocol p = sa.id().protocol();
            if (inbound(p).get(sa.spi()) != null) {
                throw new IllegalStateException("inbound SPI " + Integer.toHexString(sa.spi()) + " in use");
            }
            if (p == IpsecProtocol.ESP) {
                inboundEsp = inboundEsp.with(sa.spi(), sa);
            } else {
                inboundAh = inboundAh.with(sa.spi(), sa);
            }
        }
        all.put(sa.id(), sa);
    }

    /** Removes and destroys an SA; returns it, or null if unknown. Releases its SPI reservation. */
    public synchronized SecurityAssociation remove(SaId id) {
        reservedSpis.remove(key(id.protocol(), id.spi()));
        SecurityAssociation sa = all.remove(id);
        if (sa == null) {
            return null;
        }
        if (sa.spec().direction() == SaSpec.Direction.INBOUND) {
            if (id.protocol() == IpsecProtocol.ESP) {
                inboundEsp = inboundEsp.without(id.spi());
            } else {
                inboundAh = inboundAh.without(id.spi());
            }
        }
        sa.destroy();
        return sa;
    }

    /** Inbound ESP SA for an SPI, or null. Lock-free. */
    public SecurityAssociation inboundEsp(int spi) {
        return inboundEsp.get(spi);
    }

    public SecurityAssociation inboundAh(int spi) {
        return inboundAh.get(spi);
    }

    /** Any SA by id, or null. */
    public SecurityAssociation get(SaId id) {
        return all.get(id);
    }

    public Collection<SecurityAssociation> all() {
        return List.copyOf(new ArrayList<>(all.values()));
    }

    private SpiMap inbound(IpsecProtocol p) {
        return p == IpsecProtocol.ESP ? inboundEsp : inboundAh;
    }

    private static long key(IpsecProtocol p, int spi) {
        return ((long) p.ipProtocol() << 32) | (spi & 0xffffffffL);
    }
}
