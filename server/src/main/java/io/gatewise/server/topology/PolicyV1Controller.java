package io.gatewise.server.topology;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gatewise.server.system.api.ConflictProblem;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * IKE and IPsec policies over {@code /api/v1}, mirroring the policy pages. Bodies use the
 * policy's own fields; omitted ones take the defaults (Main Mode, PSK, 28800 s / 3600 s,
 * DPD 30/150 s restart, NAT-T on, ESP tunnel mode). Bad input is a 400 problem naming
 * each field; weak algorithms need {@code "weakAcknowledged": true}.
 */
@RestController
@RequestMapping("/api/v1/policies")
@Tag(name = "Policies", description = "Phase 1 (IKE) and Phase 2 (IPsec) policies")
class PolicyV1Controller {
    private final TopologyService topology;
    private final TopologyViewService views;

    PolicyV1Controller(TopologyService topology, TopologyViewService views) {
        this.topology = topology;
        this.views = views;
    }

    /** A policy with its weak flags (read-only). */
    record IkeJson(IkePolicy policy, List<String> weak, List<String> usedBy) {
    }

    record IpsecJson(IpsecPolicy policy, List<String> weak, List<String> usedBy) {
    }

    /** What a write did: the gateways that got a new config version. */
    record WriteResult(Object policy, Map<String, Long> newVersions) {
    }

    static final class NameTaken extends RuntimeException implements ConflictProblem {
        private static final long serialVersionUID = 1L;

        NameTaken(String what, String name) {
            super("A " + what + " called '" + name + "' exists already; PUT it to change it.");
        }
    }

    @GetMapping("/ike")
    List<IkeJson> ikeList() {
        return views.specs().ikePolicies().stream().map(this::ikeJson).toList();
    }

    @GetMapping("/ike/{name}")
    IkeJson ike(@PathVariable String name) {
        return ikeJson(views.ikePolicy(name));
    }

    @Operation(summary = "Create an IKE policy")
    @PostMapping("/ike")
    @ResponseStatus(HttpStatus.CREATED)
    WriteResult createIke(@RequestBody PolicyInput.Ike body, Principal principal) {
        IkePolicy p = PolicyInput.ike(body);
        if (views.specs().ikePolicies().stream().anyMatch(x -> x.name().equals(p.name()))) {
            throw new NameTaken("IKE policy", p.name());
        }
        return new WriteResult(p, topology.saveIkePolicy(p, principal.getName()).newVersions());
    }

    @Operation(summary = "Replace an IKE policy; gateways whose tunnels change get new configs")
    @PutMapping("/ike/{name}")
    WriteResult updateIke(@PathVariable String name, @RequestBody PolicyInput.Ike body, Principal principal) {
        views.ikePolicy(name);
        IkePolicy p = PolicyInput.ike(withName(body, name));
        return new WriteResult(p, topology.saveIkePolicy(p, principal.getName()).newVersions());
    }

    @Operation(summary = "Delete an IKE policy no topology uses")
    @DeleteMapping("/ike/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteIke(@PathVariable String name, Principal principal) {
        views.ikePolicy(name);
        topology.deleteIkePolicy(name, principal.getName());
    }

    @GetMapping("/ipsec")
    List<IpsecJson> ipsecList() {
        return views.specs().ipsecPolicies().stream().map(this::ipsecJson).toList();
    }

    @GetMapping("/ipsec/{name}")
    IpsecJson ipsec(@PathVariable String name) {
        return ipsecJson(views.ipsecPolicy(name));
    }

    @Operation(summary = "Create an IPsec policy")
    @PostMapping("/ipsec")
    @ResponseStatus(HttpStatus.CREATED)
    WriteResult createIpsec(@RequestBody PolicyInput.Ipsec body, Principal principal) {
        IpsecPolicy p = PolicyInput.ipsec(body);
        if (views.specs().ipsecPolicies().stream().anyMatch(x -> x.name().equals(p.name()))) {
            throw new NameTaken("IPsec policy", p.name());
        }
        return new WriteResult(p, topology.saveIpsecPolicy(p, principal.getName()).newVersions());
    }

    @Operation(summary = "Replace an IPsec policy; gateways whose tunnels change get new configs")
    @PutMapping("/ipsec/{name}")
    WriteResult updateIpsec(@PathVariable String name, @RequestBody PolicyInput.Ipsec body, Principal principal) {
        views.ipsecPolicy(name);
        IpsecPolicy p = PolicyInput.ipsec(new PolicyInput.Ipsec(name, body.protocol(), body.proposals(),
                body.lifetimeSeconds(), body.lifetimeKilobytes(), body.encapsulation(), body.weakAcknowledged()));
        return new WriteResult(p, topology.saveIpsecPolicy(p, principal.getName()).newVersions());
    }

    @Operation(summary = "Delete an IPsec policy no topology uses")
    @DeleteMapping("/ipsec/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteIpsec(@PathVariable String name, Principal principal) {
        views.ipsecPolicy(name);
        topology.deleteIpsecPolicy(name, principal.getName());
    }

    private IkeJson ikeJson(IkePolicy p) {
        return new IkeJson(p, PolicyInput.weakness(p), views.topologiesUsing(p.name(), true));
    }

    private IpsecJson ipsecJson(IpsecPolicy p) {
        return new IpsecJson(p, PolicyInput.weakness(p), views.topologiesUsing(p.name(), false));
    }

    private static PolicyInput.Ike withName(PolicyInput.Ike b, String name) {
        return new PolicyInput.Ike(name, b.mode(), b.proposals(), b.auth(), b.lifetimeSeconds(), b.dpdDelaySeconds(),
                b.dpdTimeoutSeconds(), b.dpdAction(), b.natTraversal(), b.weakAcknowledged());
    }
}
