package io.gatewise.agent.control;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns exceptions of expected failures (network down, server refusing, TLS mismatch)
 * into a short phrase for one log line, so that operators read "connection refused",
 * not a stack trace.
 */
public final class Failures {
    private Failures() {
    }

    /** A short plain-words description of the failure. */
    public static String describe(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            return describe(e.getStatus());
        }
        if (t instanceof io.grpc.StatusException e) {
            return describe(e.getStatus());
        }
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String phrase = networkPhrase(c);
            if (phrase != null) {
                return phrase;
            }
            root = c;
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** A short plain-words description of a gRPC status. */
    public static String describe(Status status) {
        for (Throwable c = status.getCause(); c != null; c = c.getCause()) {
            String phrase = networkPhrase(c);
            if (phrase != null) {
                return phrase;
            }
        }
        String description = status.getDescription();
        return switch (status.getCode()) {
            case UNAVAILABLE -> description == null ? "server unavailable" : lowerFirst(description);
            case DEADLINE_EXCEEDED -> "no answer from the server in time";
            // What a client sees when the server resets the stream, e.g. while shutting down.
            case CANCELLED -> "the session was cancelled by the server";
            case PERMISSION_DENIED -> "permission denied" + (description == null ? "" : ": " + description);
            case UNAUTHENTICATED -> "not authenticated" + (description == null ? "" : ": " + description);
            case UNIMPLEMENTED -> "the server does not implement this call (is it a Gatewise server?)";
            default -> status.getCode().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (description == null ? "" : ": " + description);
        };
    }

    /** True when the status means "could not reach the server" rather than "the server said no". */
    public static boolean isUnreachable(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || status.getCode() == Status.Code.CANCELLED;
    }

    private static String networkPhrase(Throwable c) {
        if (c instanceof ConnectException) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("refused")) {
                return "connection refused";
            }
            if (m.contains("timed out")) {
                return "connection timed out";
            }
            return "cannot connect (" + c.getMessage() + ")";
        }
        if (c instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (c instanceof UnknownHostException) {
            return "unknown host " + c.getMessage();
        }
        if (c instanceof SocketTimeoutException) {
            return "connection timed out";
        }
        if (c instanceof SSLException) {
            // The cause (e.g. a CertificateException from our trust manager) says more.
            for (Throwable d = c.getCause(); d != null; d = d.getCause()) {
                if (d instanceof CertificateException && d.getMessage() != null) {
                    return "TLS handshake failed: " + d.getMessage();
                }
            }
            return "TLS handshake failed: " + c.getMessage();
        }
        if (c instanceof NoSuchFileException e) {
            return "no such file " + e.getFile();
        }
        if (c instanceof AccessDeniedException e) {
            return "permission denied on " + e.getFile();
        }
        if (c instanceof FileNotFoundException) {
            return c.getMessage();
        }
        return null;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
