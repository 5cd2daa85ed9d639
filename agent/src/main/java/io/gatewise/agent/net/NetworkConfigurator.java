package io.gatewise.agent.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sets addresses, MTU and routes of interfaces with iproute2's {@code ip}, which every
 * distribution carries and which is easier to audit than raw netlink. Routes through
 * a TUN device vanish with it.
 */
public final class NetworkConfigurator {
    private final String ip;

    public NetworkConfigurator() {
        this("ip");
    }

    public NetworkConfigurator(String ipBinary) {
        this.ip = ipBinary;
    }

    public void addAddress(String dev, String cidr) throws IOException {
        run("addr", "add", cidr, "dev", dev);
    }

    public void setMtuAndUp(String dev, int mtu) throws IOException {
        run("link", "set", "dev", dev, "mtu", Integer.toString(mtu), "up");
    }

    public void addRoute(String cidr, String dev) throws IOException {
        run("route", "replace", cidr, "dev", dev);
    }

    public void addRoute(String cidr, String dev, int table) throws IOException {
        run("route", "replace", cidr, "dev", dev, "table", Integer.toString(table));
    }

    /**
     * Sends every packet without {@code fwmark} through routing table {@code table}, so
     * that routes to the peer's own address can point into the TUN device (transport
     * mode) while the datapath's own sockets, which carry the mark, still reach the peer
     * directly. The same trick as wg-quick.
     */
    public void addFwmarkBypassRule(int fwmark, int table, int priority) throws IOException {
        run("rule", "add", "not", "fwmark", Integer.toString(fwmark), "table", Integer.toString(table), "priority",
                Integer.toString(priority));
    }

    public void deleteFwmarkBypassRule(int fwmark, int table, int priority) throws IOException {
        run("rule", "del", "not", "fwmark", Integer.toString(fwmark), "table", Integer.toString(table), "priority",
                Integer.toString(priority));
    }

    /** Runs {@code ip args...}; throws with its output on a non-zero exit. */
    public String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ip);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
        }
        return out;
    }
}
