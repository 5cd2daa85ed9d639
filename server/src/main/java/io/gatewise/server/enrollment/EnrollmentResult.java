package io.gatewise.server.enrollment;

import java.security.cert.X509Certificate;
import java.util.UUID;

/** What an agent receives after a successful enrollment. */
public record EnrollmentResult(UUID gatewayId, X509Certificate certificate, X509Certificate caCertificate) {
}
