package io.gatewise.server.gateway;

/** The "new gateway" form. */
public class GatewayForm {
    private String name = "";
    private String publicAddress = "";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPublicAddress() {
        return publicAddress;
    }

    public void setPublicAddress(String publicAddress) {
        this.publicAddress = publicAddress;
    }
}
