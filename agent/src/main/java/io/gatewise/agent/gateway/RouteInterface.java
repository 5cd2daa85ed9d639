package io.gatewise.agent.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The tunnel interface of one route-based tunnel: its own TUN device, the way Linux
 * XFRM interfaces (and VTI) give each route-based tunnel a device of its own, and the
 * datapath interface id its SAs and policies are bound to (strongSwan's {@code if_id}).
 *
 * <p>Both are derived from the tunnel name alone, so the same tunnel gets the same
 * device across config versions and agent restarts:
 * <pre>
 *   id   = first 4 bytes of SHA-256(UTF-8 tunnel name), top bit cleared (1 if that is 0)
 *   name = "gwr" + id as 8 lowercase hex digits          e.g. gwr1c0ffee5 (11 of 15 characters)
 * </pre>
 * The shared TUN device of policy-based tunnels ({@code --tun}, default {@code gw0}) has
 * id 0. Two tunnels of one config whose ids collide (odds 2^-31 per pair) are refused by
 * {@link IkeConfigApplier}, with the advice to rename one.
 *
 * @param name Linux interface name, at most 15 characters
 * @param id   positive datapath interface id
 */
public record RouteInterface(String name, int id) {
    /** Prefix of every route-based tunnel interface name. */
    public static final String PREFIX = "gwr";

    public RouteInterface {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("interface name must have 1..15 characters: " + name);
        }
        if (id <= 0) {
            throw new IllegalArgumentException("interface id must be positive: " + id);
        }
    }

    /** The interface of route-based tunnel {@code tunnelName}. */
    public static RouteInterface forTunnel(String tunnelName) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(tunnelName.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        int id = ((h[0] & 0x7f) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        if (id == 0) {
            id = 1;
        }
        return new RouteInterface(PREFIX + HexFormat.of().toHexDigits(id), id);
    }
}
