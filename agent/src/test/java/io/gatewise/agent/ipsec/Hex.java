package io.gatewise.agent.ipsec;

import java.util.HexFormat;

final class Hex {
    private Hex() {
    }

    static byte[] b(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String s(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
