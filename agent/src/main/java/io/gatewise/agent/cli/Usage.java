package io.gatewise.agent.cli;

import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.control.StateDir;

/** The help texts. */
final class Usage {
    private Usage() {
    }

    static final String MAIN = """
            Usage: gatewise-agent <command> [options]

            The Gatewise agent runs on a branch gateway: it enrolls once with the Gatewise
            server, then keeps a mutually authenticated session with it and applies the
            IPsec configuration the server pushes. It can also run from a local file.

            Commands:
              enroll        Enroll this gateway with a one-time token from the Gatewise UI
              run           Run: connect to the server, or use a local file (--config)
              check-config  Validate a standalone config file and exit
              status        Show this agent's enrollment and saved config

            Options:
              --help        Show help (also: gatewise-agent <command> --help)
              --version     Show the agent version
              --debug       Log at debug level

            Exit codes: 0 success, 1 failure, 2 wrong command line.
            """;

    static final String ENROLL = """
            Usage: gatewise-agent enroll --server HOST:PORT (--token TOKEN | --token-file FILE) [options]

            Generates an EC P-256 key pair on this machine (the private key never leaves
            it), sends a certificate request with the one-time token, and stores the
            certificate, the CA chain and the gateway id in the state directory.

            Options:
              --server HOST:PORT  The Gatewise server's gRPC address (default port %d)
              --token TOKEN       The one-time enrollment token shown when the gateway was created
              --token-file FILE   Read the token from FILE instead (keeps it out of 'ps' and history)
              --state-dir DIR     Where to keep key, certificates and config (default %s)
              --hostname NAME     Host name reported to the server (default: this machine's)
              --ca-file PEM       The Gatewise CA certificate to trust. Without it, the server's
                                  certificate is trusted on first use and its SHA-256
                                  fingerprint is printed; compare it with the server's
              --server-name NAME  Name to expect in the server certificate, when it differs
                                  from HOST
              --force             Replace an existing enrollment in the state directory
            """.formatted(ServerAddress.DEFAULT_PORT, StateDir.DEFAULT_PATH);

    static final String RUN = """
            Usage: gatewise-agent run [--state-dir DIR] [--server HOST:PORT] [--tun NAME] [--local-address IP]
                   gatewise-agent run --config FILE [--tun NAME] [--local-address IP]
                   (both forms also take [--nat-keepalive SECONDS])

            With a server (after enroll): connects with mutual TLS, applies each config the
            server pushes (validated, saved atomically, then applied) and acknowledges it.
            Reconnects with exponential backoff (1 s doubling to 60 s, with jitter). On start
            it applies the last saved config first, so tunnels come back even while the
            server is unreachable.

            Standalone (--config): applies a local JSON file in the protobuf JSON form of
            gatewise.v1.GatewayConfig (see agent/examples/ and agent/README.md); no server.

            Options:
              --state-dir DIR     State directory from enroll (default %s)
              --server HOST:PORT  Server address (default: the one used at enroll)
              --server-name NAME  Name to expect in the server certificate
              --config FILE       Standalone mode: run this config file, no server
              --tun NAME          TUN device for the protected traffic (default gw0)
              --local-address IP  Address for IKE (UDP 500) and ESP in UDP 4500 (default:
                                  the config's localAddress)
              --nat-keepalive S   Seconds between NAT-keepalives to peers on UDP 4500
                                  (RFC 3948; default 20)

            Needs root (or CAP_NET_ADMIN and CAP_NET_BIND_SERVICE) and /dev/net/tun: it
            opens the TUN device, routes the peers' protected subnets into it and runs
            IKE on UDP 500 and ESP in UDP 4500.

            Stops on SIGTERM or Ctrl-C: every SA is deleted (the peers are told) and the
            TUN device is removed.
            """.formatted(StateDir.DEFAULT_PATH);

    static final String CHECK_CONFIG = """
            Usage: gatewise-agent check-config FILE

            Reads FILE as standalone mode would (protobuf JSON of gatewise.v1.GatewayConfig),
            prints every problem found, and exits 0 when the file is valid, 1 when not.
            """;

    static final String STATUS = """
            Usage: gatewise-agent status [--state-dir DIR]

            Prints the gateway id, the server, the certificate's validity and the saved
            config version of this agent.
            """;
}
