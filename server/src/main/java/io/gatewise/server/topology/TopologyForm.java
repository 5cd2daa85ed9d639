package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * The topology wizard's bean: members and hubs are checkbox lists; tags, links and per-link
 * policy overrides typed. An override line reads
 * {@code gateway -- peer: ike=<IKE policy> ipsec=<IPsec policy>} (either part optional):
 * the policies {@code gateway} uses on its tunnel to {@code peer} instead of the topology's.
 */
public class TopologyForm {
    /** "gateway -- peer: rest"; names never contain "--" or ':' (decision D9). */
    private static final Pattern OVERRIDE = Pattern.compile("([^\\s:]+?)\\s*--\\s*([^\\s:]+)\\s*:(.*)");
    private static final Pattern SETTING = Pattern.compile("(ike|ipsec)=(\\S+)");
    static final String OVERRIDE_SYNTAX = "gateway -- peer: ike=<IKE policy> ipsec=<IPsec policy>";

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
    private String overrides = "";

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
        f.overrides = String.join("\n", s.overrides().stream().map(TopologyForm::overrideLine).toList());
        return f;
    }

    /** One override in the form's syntax. */
    static String overrideLine(TopologySpec.LinkOverride o) {
        return o.gateway() + " -- " + o.peer() + ":" + (o.ikePolicy() == null ? "" : " ike=" + o.ikePolicy())
                + (o.ipsecPolicy() == null ? "" : " ipsec=" + o.ipsecPolicy());
    }

    /**
     * Links typed one per line as "a -- b" (or "a b"), overrides as {@link #OVERRIDE_SYNTAX}.
     * An override line that does not parse is reported in {@code errors} under "overrides"
     * with its line number; what the overrides name is checked by {@link TopologyInput}.
     */
    TopologyInput.Json toInput(Map<String, String> errors) {
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
                hubs == null ? List.of() : hubs, spokeToSpoke, parsed, ikePolicy, ipsecPolicy,
                parseOverrides(overrides, errors));
    }

    static List<TopologySpec.LinkOverride> parseOverrides(String text, Map<String, String> errors) {
        List<TopologySpec.LinkOverride> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        String[] lines = (text == null ? "" : text).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = OVERRIDE.matcher(line);
            if (!m.matches()) {
                bad.add("Line " + (i + 1) + " ('" + line + "'): write '" + OVERRIDE_SYNTAX + "'.");
                continue;
            }
            Map<String, String> set = new LinkedHashMap<>();
            String problem = null;
            for (String part : m.group(3).trim().split("[\\s,]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                Matcher s = SETTING.matcher(part);
                if (!s.matches()) {
                    problem = "'" + part + "' is neither ike=<IKE policy> nor ipsec=<IPsec policy>.";
                } else if (set.put(s.group(1), s.group(2)) != null) {
                    problem = s.group(1) + "= is given twice.";
                }
            }
            if (problem == null && set.isEmpty()) {
                problem = "name an IKE policy (ike=...), an IPsec policy (ipsec=...) or both.";
            }
            if (problem != null) {
                bad.add("Line " + (i + 1) + " (" + m.group(1) + " -- " + m.group(2) + "): " + problem);
            } else {
                out.add(new TopologySpec.LinkOverride(m.group(1), m.group(2), set.get("ike"), set.get("ipsec")));
            }
        }
        if (!bad.isEmpty()) {
            errors.put("overrides", String.join(" ", bad));
        }
        return out;
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
    public String getOverrides() { return overrides; }
    public void setOverrides(String overrides) { this.overrides = overrides; }
}
