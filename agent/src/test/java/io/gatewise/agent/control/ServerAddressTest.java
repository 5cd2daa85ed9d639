package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void parsesHostPortForms() {
        assertThat(ServerAddress.parse("gatewise.example.net:9443")).isEqualTo(new ServerAddress("gatewise.example.net", 9443));
        assertThat(ServerAddress.parse("10.0.0.1")).isEqualTo(new ServerAddress("10.0.0.1", 9443));
        assertThat(ServerAddress.parse("[2001:db8::1]:7000")).isEqualTo(new ServerAddress("2001:db8::1", 7000));
        assertThat(ServerAddress.parse("[2001:db8::1]:7000")).hasToString("[2001:db8::1]:7000");
    }

    @Test
    void explainsBadAddresses() {
        assertThatThrownBy(() -> ServerAddress.parse("host:port")).hasMessage("server port 'port' is not a number");
        assertThatThrownBy(() -> ServerAddress.parse("host:70000")).hasMessage("server port 70000 is out of range (1-65535)");
        assertThatThrownBy(() -> ServerAddress.parse("2001:db8::1:9443"))
                .hasMessage("IPv6 server address '2001:db8::1:9443' must be written as [ADDRESS]:PORT");
        assertThatThrownBy(() -> ServerAddress.parse(" ")).hasMessage("server address is empty (expected HOST:PORT)");
    }
}
