package io.gatewise.agent.crypto;

import java.util.HexFormat;

/** Hex helpers for test vectors, which are often printed in RFCs with spaces. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
