package io.gatewise.server.controlplane;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.proto.v1.ControlPlaneGrpc;
import io.gatewise.server.pki.AgentCertificateCheck;
import io.gatewise.server.pki.CertificateAuthority;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Admission control for every gRPC call. TLS asks for a client certificate but does not
 * insist (client auth OPTIONAL, any certificate accepted at the handshake), because
 * {@code Enroll} must work for an agent that has none yet. Everything else — {@code Connect}
 * and any method added later — is refused here unless the certificate passes
 * {@link CertificateAuthority#checkAgentCertificate}: issued by our CA, valid, recorded, not
 * revoked. Refusals end the call with UNAUTHENTICATED (no or untrusted certificate) or
 * PERMISSION_DENIED (revoked) and are logged on one line.
 */
final class AgentAuthInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(AgentAuthInterceptor.class);
    private static final Set<String> WITHOUT_CERTIFICATE = Set.of(
            ControlPlaneGrpc.getEnrollMethod().getFullMethodName(),
            "grpc.health.v1.Health/Check",
            "grpc.health.v1.Health/Watch");

    private final CertificateAuthority ca;

    AgentAuthInterceptor(CertificateAuthority ca) {
        this.ca = ca;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        String remote = String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        Context context = Context.current().withValue(AgentIdentity.REMOTE_ADDRESS, remote);
        if (WITHOUT_CERTIFICATE.contains(method)) {
            return Contexts.interceptCall(context, call, headers, next);
        }
        X509Certificate certificate = clientCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (certificate == null) {
            return refuse(call, method, remote, Status.UNAUTHENTICATED,
                    "a client certificate is required; enroll this agent first", null);
        }
        AgentCertificateCheck check;
        try {
            check = ca.checkAgentCertificate(certificate);
        } catch (RuntimeException e) {
            log.error("{} from {}: certificate check failed", method, remote, e);
            return refuse(call, method, remote, Status.UNAVAILABLE, "the server cannot check certificates right now", null);
        }
        if (!check.isAccepted()) {
            Status status = check.outcome() == AgentCertificateCheck.Outcome.REVOKED
                    ? Status.PERMISSION_DENIED : Status.UNAUTHENTICATED;
            return refuse(call, method, remote, status, "client certificate refused: " + check.reason(), check.serial());
        }
        context = context.withValue(AgentIdentity.CONTEXT_KEY, new AgentIdentity(check.gatewayId(), check.serial()));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String method, String remote,
                                                        Status status, String message, String serial) {
        log.warn("{} refused from {}: {} [{}{}]", method, remote, message, status.getCode(),
                serial == null ? "" : ", serial " + serial);
        call.close(status.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static X509Certificate clientCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
