package io.gatewise.agent.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import io.gatewise.agent.ipsec.Endpoint;
import io.gatewise.agent.ipsec.IpsecBackend;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaCounters;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaLifetimeListener;
import io.gatewise.agent.ipsec.SaSpec;

/**
 * An in-memory {@link IpsecBackend} that records what the IKE engine installs, keeping a
 * copy of the keys so that tests can check both ends derived the same ones. Thread-safe.
 */
public final class RecordingIpsecBackend implements IpsecBackend {
    /** An installed SA with copies of its keys. */
    public record Installed(SaSpec spec, byte[] encryptionKey, byte[] integrityKey) {
    }

    private final Random random;
    private final Set<Integer> reserved = new HashSet<>();
    private final Map<SaId, Installed> sas = new LinkedHashMap<>();
    private final Map<String, PolicySpec> policies = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();
    private final Map<Integer, Long> packets = new LinkedHashMap<>();
    private SaLifetimeListener listener;

    public RecordingIpsecBackend(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public synchronized int allocateSpi(IpsecProtocol protocol, InetAddress localAddress) {
        int spi;
        do {
            spi = random.nextInt() | 0x01000000;
        } while (reserved.contains(spi) || (spi >= 0 && spi < 256));
        reserved.add(spi);
        log.add("allocate " + Integer.toHexString(spi));
        return spi;
    }

    @Override
    public synchronized void addSa(SaSpec sa) {
        if (sas.containsKey(sa.id())) {
            throw new IllegalStateException("SA exists: " + sa.id());
        }
        sas.put(sa.id(), new Installed(sa, copy(sa.encryptionKey()), copy(sa.integrityKey())));
        log.add("add " + sa.direction() + " " + sa.id());
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    @Override
    public synchronized void updateSaEndpoints(SaId id, Endpoint local, Endpoint remote) {
        log.add("update " + id + " " + local + " " + remote);
    }

    @Override
    public synchronized void deleteSa(SaId id) {
        sas.remove(id);
        reserved.remove(id.spi());
        log.add("delete " + id);
    }

    @Override
    public synchronized Optional<SaCounters> querySa(SaId id) {
        return sas.containsKey(id) ? Optional.of(new SaCounters(packets.getOrDefault(id.spi(), 0L), 0, 0, 0, 0, 0))
                : Optional.empty();
    }

    @Override
    public synchronized void addPolicy(PolicySpec policy) {
        policies.put(policy.id(), policy);
        log.add("policy " + policy.id());
    }

    @Override
    public synchronized void deletePolicy(String policyId) {
        policies.remove(policyId);
        log.add("unpolicy " + policyId);
    }

    @Override
    public synchronized void setLifetimeListener(SaLifetimeListener listener) {
        this.listener = listener;
    }

    public synchronized SaLifetimeListener lifetimeListener() {
        return listener;
    }

    /** Lets the SA with this SPI count {@code n} more packets (traffic, as the datapath would). */
    public synchronized void countPackets(int spi, long n) {
        packets.merge(spi, n, Long::sum);
    }

    public synchronized List<Installed> sas() {
        return new ArrayList<>(sas.values());
    }

    public synchronized Optional<Installed> sa(int spi) {
        return sas.values().stream().filter(i -> i.spec().id().spi() == spi).findFirst();
    }

    public synchronized Map<String, PolicySpec> policies() {
        return new LinkedHashMap<>(policies);
    }

    /** SPIs allocated and not yet released. */
    public synchronized Set<Integer> reservedSpis() {
        return Collections.unmodifiableSet(new HashSet<>(reserved));
    }

    public synchronized List<String> log() {
        return new ArrayList<>(log);
    }
}
