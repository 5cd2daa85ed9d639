package io.gatewise.server.topology;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gatewise.server.topology.compiler.ExternalPeer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * External peers (a partner's strongSwan or Cisco box Gatewise does not manage) over
 * {@code /api/v1}, mirroring the external peer pages. PUT creates or replaces by name (the
 * path's name wins over the body's); only the Gatewise side of their tunnels is pushed.
 * Bad input is a 400 problem naming each field; weak algorithms need
 * {@code "weakAcknowledged": true}; deleting a peer a topology still links is a 409.
 */
@RestController
@RequestMapping("/api/v1/external-peers")
@Tag(name = "External peers", description = "Unmanaged IKE peers that explicit topology links can reach")
class ExternalPeerV1Controller {
    private final TopologyService topology;
    private final TopologyViewService views;

    ExternalPeerV1Controller(TopologyService topology, TopologyViewService views) {
        this.topology = topology;
        this.views = views;
    }

    /** A peer with its weak flags and the topologies linking it (both read-only). */
    record PeerJson(ExternalPeerInput.Json peer, List<String> weak, List<String> usedBy) {
    }

    /** What a write did: the gateways that got a new config version. */
    record WriteResult(ExternalPeerInput.Json peer, boolean created, Map<String, Long> newVersions) {
    }

    @Operation(summary = "List external peers")
    @GetMapping
    List<PeerJson> list() {
        return views.specs().externalPeers().stream().map(this::json).toList();
    }

    @Operation(summary = "Read one external peer")
    @GetMapping("/{name}")
    PeerJson one(@PathVariable String name) {
        return json(views.externalPeer(name));
    }

    @Operation(summary = "Create or replace an external peer; gateways whose tunnels to it change get new configs",
            description = "201 when created, 200 when replaced. Proposals in strongSwan syntax; an identity's type "
                    + "is inferred from its text (IP address, user@host, attribute=value DN, else FQDN) unless "
                    + "identityType is given.")
    @PutMapping("/{name}")
    ResponseEntity<WriteResult> put(@PathVariable String name, @RequestBody ExternalPeerInput.Json body,
                                    Principal principal) {
        ExternalPeer p = ExternalPeerInput.peer(body.withName(name));
        boolean created = views.specs().externalPeers().stream().noneMatch(x -> x.name().equals(p.name()));
        TopologyChange change;
        try {
            change = topology.saveExternalPeer(p, principal.getName());
        } catch (TopologyValidationException e) {
            throw new InvalidInputException(ExternalPeerInput.fieldsOf(e)); // at the peer's fields, not a topology's
        }
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new WriteResult(ExternalPeerInput.Json.of(p), created, change.newVersions()));
    }

    @Operation(summary = "Delete an external peer no topology links (409 naming the topologies otherwise)")
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name, Principal principal) {
        views.externalPeer(name);
        topology.deleteExternalPeer(name, principal.getName());
    }

    private PeerJson json(ExternalPeer p) {
        return new PeerJson(ExternalPeerInput.Json.of(p), ExternalPeerInput.weakness(p),
                views.topologiesLinking(p.name()));
    }
}
