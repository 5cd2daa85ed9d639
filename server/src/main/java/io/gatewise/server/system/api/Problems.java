package io.gatewise.server.system.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem details ({@code application/problem+json}). Members used:
 * {@code type} (always {@code about:blank}: the status code says it all, RFC 9457 §4.2.1,
 * so {@code title} is the status phrase), {@code status}, {@code detail}, {@code instance}
 * (the request path) and, for invalid input, the extension member {@code errors}: a list
 * of {@code {"field", "message"}} (RFC 9457 §3.2 allows extension members).
 */
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    /** One invalid input field. */
    public record FieldError(String field, String message) {
    }

    public static Map<String, Object> body(HttpStatus status, String detail, HttpServletRequest request,
                                           List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", request.getRequestURI());
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", errors);
        }
        return body;
    }

    public static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, String detail,
                             HttpServletRequest request, List<FieldError> errors) throws IOException {
        response.setStatus(status.value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(body(status, detail, request, errors)));
        response.getWriter().flush();
    }

    static List<FieldError> fieldErrors(Map<String, String> errors) {
        return errors.entrySet().stream().map(e -> new FieldError(e.getKey(), e.getValue())).toList();
    }
}
