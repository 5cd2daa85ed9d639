package io.gatewise.server.system.api;

import jakarta.servlet.http.HttpServletRequest;

/** The token-authenticated REST surface lives under {@value #PREFIX}. */
public final class ApiPaths {
    public static final String PREFIX = "/api/v1";
    public static final String PATTERN = PREFIX + "/**";

    private ApiPaths() {
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }
}
