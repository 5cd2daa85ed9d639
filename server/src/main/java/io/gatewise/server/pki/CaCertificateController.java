package io.gatewise.server.pki;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Gatewise CA certificate for download, so an admin can pin it when enrolling an
 * agent ({@code --ca-file}) instead of trusting the server on first use.
 */
@Controller
class CaCertificateController {
    private final CertificateAuthority ca;

    CaCertificateController(CertificateAuthority ca) {
        this.ca = ca;
    }

    @GetMapping("/ca.pem")
    ResponseEntity<String> caPem() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("gatewise-ca.pem").build().toString())
                .body(Pem.encode(ca.caCertificate()));
    }
}
