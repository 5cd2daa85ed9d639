package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.List;

import io.gatewise.server.topology.compiler.TopologySpec;

/** The topology wizard's bean: members and hubs are checkbox lists, tags and links typed. */
public class TopologyForm {
    private String name = "";
    private String kind = "FULL_MESH";
    private String vpnType = "POLICY_BASED";
    private List<String> members = new ArrayList<>();
    private String tags = "";
    private List<String> hubs = new ArrayList<>();
    private String spokeToSpoke = "VIA_HUB";
    private String links = "";
    private String ikePolicy = "";
    private String ipsecPolicy = "";

    static TopologyForm of(TopologySpec s) {
        TopologyForm f = new TopologyForm();
        f.name = s.name();
        f.kind = s.kind().name();
        f.vpnType = s.vpnType().name();
        f.members = new ArrayList<>(s.memberGateways());
        f.members.addAll(s.hubs());
        f.tags = String.join(", ", s.memberTags());
        f.hubs = new ArrayList<>(s.hubs());
        f.spokeToSpoke = s.spokeToSpoke().name();
        f.links = String.join("\n", s.links().stream().map(l -> l.a() + " -- " + l.b()).toList());
        f.ikePolicy = s.ikePolicy();
        f.ipsecPolicy = s.ipsecPolicy();
        return f;
    }

    /** Links typed one per line as "a -- b" (or "a b"). */
    TopologyInput.Json toInput(List<TopologySpec.LinkOverride> keptOverrides) {
        List<TopologySpec.Link> parsed = new ArrayList<>();
        for (String line : (links == null ? "" : links).split("\\R")) {
            String[] ends = line.trim().split("\\s*--\\s*|\\s+");
            if (ends.length == 2 && !ends[0].isBlank()) {
                parsed.add(new TopologySpec.Link(ends[0], ends[1]));
            } else if (!line.isBlank()) {
                parsed.add(new TopologySpec.Link(line.trim(), line.trim())); // reported as a malformed link
            }
        }
        List<String> allMembers = new ArrayList<>(members == null ? List.of() : members);
        return new TopologyInput.Json(name, kind, vpnType, allMembers, List.of(tags == null ? "" : tags),
                hubs == null ? List.of() : hubs, spokeToSpoke, parsed, ikePolicy, ipsecPolicy, keptOverrides);
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getVpnType() { return vpnType; }
    public void setVpnType(String vpnType) { this.vpnType = vpnType; }
    public List<String> getMembers() { return members; }
    public void setMembers(List<String> members) { this.members = members; }
    public String getTags() { return tags; }
    public void setTags(String tags) { this.tags = tags; }
    public List<String> getHubs() { return hubs; }
    public void setHubs(List<String> hubs) { this.hubs = hubs; }
    public String getSpokeToSpoke() { return spokeToSpoke; }
    public void setSpokeToSpoke(String spokeToSpoke) { this.spokeToSpoke = spokeToSpoke; }
    public String getLinks() { return links; }
    public void setLinks(String links) { this.links = links; }
    public String getIkePolicy() { return ikePolicy; }
    public void setIkePolicy(String ikePolicy) { this.ikePolicy = ikePolicy; }
    public String getIpsecPolicy() { return ipsecPolicy; }
    public void setIpsecPolicy(String ipsecPolicy) { this.ipsecPolicy = ipsecPolicy; }
}
