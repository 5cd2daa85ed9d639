package io.gatewise.server.gateway;

import java.util.Arrays;
import java.util.List;

import io.gatewise.server.config.TunnelInput;
import io.gatewise.server.config.TunnelSpec;

/** The tunnel form: subnets as text, one per line or comma-separated. */
public class TunnelForm {
    private String name = "";
    private String remoteAddress = "";
    private String localSubnets = "";
    private String remoteSubnets = "";
    private String psk = "";
    private String ikeProposal = "aes256-sha256-modp2048";
    private String espProposal = "aes256-sha256-modp2048";

    static TunnelForm of(TunnelSpec spec) {
        TunnelForm form = new TunnelForm();
        form.name = spec.name();
        form.remoteAddress = spec.remoteAddress();
        form.localSubnets = String.join("\n", spec.localSubnets());
        form.remoteSubnets = String.join("\n", spec.remoteSubnets());
        form.psk = ""; // never sent back to the browser
        form.ikeProposal = String.join(", ", spec.ikeProposals());
        form.espProposal = String.join(", ", spec.espProposals());
        return form;
    }

    TunnelInput toInput() {
        return new TunnelInput(name, remoteAddress, lines(localSubnets), lines(remoteSubnets), psk, ikeProposal,
                espProposal);
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    public void setRemoteAddress(String remoteAddress) {
        this.remoteAddress = remoteAddress;
    }

    public String getLocalSubnets() {
        return localSubnets;
    }

    public void setLocalSubnets(String localSubnets) {
        this.localSubnets = localSubnets;
    }

    public String getRemoteSubnets() {
        return remoteSubnets;
    }

    public void setRemoteSubnets(String remoteSubnets) {
        this.remoteSubnets = remoteSubnets;
    }

    public String getPsk() {
        return psk;
    }

    public void setPsk(String psk) {
        this.psk = psk;
    }

    public String getIkeProposal() {
        return ikeProposal;
    }

    public void setIkeProposal(String ikeProposal) {
        this.ikeProposal = ikeProposal;
    }

    public String getEspProposal() {
        return espProposal;
    }

    public void setEspProposal(String espProposal) {
        this.espProposal = espProposal;
    }

    @Override
    public String toString() {
        return "TunnelForm[" + name + "]";
    }
}
