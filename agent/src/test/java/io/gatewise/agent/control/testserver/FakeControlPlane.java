package io.gatewise.agent.control.testserver;

import io.gatewise.proto.v1.ActionResult;
import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ConfigAck;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.ControlPlaneGrpc;
import io.gatewise.proto.v1.EnrollRequest;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.proto.v1.EventAck;
import io.gatewise.proto.v1.Hello;
import io.gatewise.proto.v1.SaEvent;
import io.gatewise.proto.v1.SaEventBatch;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.proto.v1.StatusReport;
import io.gatewise.proto.v1.TunnelAction;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A ControlPlane service for tests, behaving like the real server on the points the
 * agent relies on: one-time tokens, CSR signed for CN=&lt;gateway id&gt;, Connect only with
 * a client certificate whose CN matches the Hello, current config sent at once to an
 * agent that is behind.
 */
public final class FakeControlPlane extends ControlPlaneGrpc.ControlPlaneImplBase {
    static final Context.Key<String> PEER_CN = Context.key("peer-cn");

    private final TestPki agentCa;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    public final AtomicInteger enrollCalls = new AtomicInteger();
    public final List<EnrollRequest> enrollRequests = new CopyOnWriteArrayList<>();
    public final List<Hello> hellos = new CopyOnWriteArrayList<>();
    public final BlockingQueue<ConfigAck> acks = new LinkedBlockingQueue<>();
    public final List<Status> rejectedSessions = new CopyOnWriteArrayList<>();
    /** Every SA event received, in arrival order, duplicates included. */
    public final List<SaEvent> events = new CopyOnWriteArrayList<>();
    public final BlockingQueue<StatusReport> statusReports = new LinkedBlockingQueue<>();
    public final BlockingQueue<ActionResult> actionResults = new LinkedBlockingQueue<>();
    /** When true, each SaEventBatch is answered with an EventAck up to its last id. */
    public volatile boolean ackEvents = true;
    private volatile ConfigUpdate desired;
    private volatile StreamObserver<ServerMessage> session;

    /** @param agentCa the CA that signs agent certificates and is returned as CA chain */
    public FakeControlPlane(TestPki agentCa) {
        this.agentCa = agentCa;
    }

    public void addToken(String token, String gatewayId) {
        tokens.put(token, gatewayId);
    }

    /** Sets the desired config; pushes it to a connected agent. */
    public void setDesired(ConfigUpdate update) {
        desired = update;
        push(update);
    }

    /** Sends an update on the open session, if any; true when sent. */
    public synchronized boolean push(ConfigUpdate update) {
        StreamObserver<ServerMessage> s = session;
        if (s == null) {
            return false;
        }
        s.onNext(ServerMessage.newBuilder().setConfigUpdate(update).build());
        return true;
    }

    /** Sends a tunnel action on the open session, if any; true when sent. */
    public synchronized boolean send(TunnelAction action) {
        StreamObserver<ServerMessage> s = session;
        if (s == null) {
            return false;
        }
        s.onNext(ServerMessage.newBuilder().setAction(action).build());
        return true;
    }

    public boolean hasSession() {
        return session != null;
    }

    /** Puts the client certificate's CN into the call context. */
    public ServerInterceptor peerInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String cn = null;
                SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                if (ssl != null) {
                    try {
                        Certificate[] peer = ssl.getPeerCertificates();
                        String dn = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
                        cn = dn.startsWith("CN=") ? dn.substring(3).split(",")[0] : dn;
                    } catch (SSLPeerUnverifiedException e) {
                        cn = null;
                    }
                }
                return Contexts.interceptCall(Context.current().withValue(PEER_CN, cn), call, headers, next);
            }
        };
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> responses) {
        enrollCalls.incrementAndGet();
        enrollRequests.add(request);
        String gatewayId = tokens.remove(request.getToken());
        if (gatewayId == null) {
            responses.onError(Status.PERMISSION_DENIED
                    .withDescription("the token is unknown, expired or already used").asRuntimeException());
            return;
        }
        try (PEMParser parser = new PEMParser(new StringReader(request.getCsrPem()))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr);
            X509Certificate cert = agentCa.clientCertificate(gatewayId, jca.getPublicKey());
            responses.onNext(EnrollResponse.newBuilder()
                    .setGatewayId(gatewayId)
                    .setCertificatePem(pem(cert))
                    .setCaChainPem(pem(agentCa.caCertificate()))
                    .build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("bad CSR: " + e).asRuntimeException());
        }
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ServerMessage> responses) {
        String cn = PEER_CN.get();
        if (cn == null) {
            Status s = Status.UNAUTHENTICATED.withDescription("a client certificate is required");
            rejectedSessions.add(s);
            responses.onError(s.asRuntimeException());
            return new Ignore();
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(AgentMessage message) {
                switch (message.getBodyCase()) {
                    case HELLO -> {
                        Hello hello = message.getHello();
                        if (!hello.getGatewayId().equals(cn)) {
                            Status s = Status.PERMISSION_DENIED.withDescription("gateway id does not match certificate");
                            rejectedSessions.add(s);
                            responses.onError(s.asRuntimeException());
                            return;
                        }
                        hellos.add(hello);
                        synchronized (FakeControlPlane.this) {
                            session = responses;
                        }
                        ConfigUpdate d = desired;
                        if (d != null && d.getVersion() > hello.getAppliedConfigVersion()) {
                            push(d);
                        }
                    }
                    case CONFIG_ACK -> acks.add(message.getConfigAck());
                    case SA_EVENTS -> {
                        SaEventBatch batch = message.getSaEvents();
                        events.addAll(batch.getEventsList());
                        if (ackEvents && batch.getEventsCount() > 0) {
                            synchronized (FakeControlPlane.this) {
                                responses.onNext(ServerMessage.newBuilder().setEventAck(EventAck.newBuilder()
                                        .setUpToEventId(batch.getEvents(batch.getEventsCount() - 1).getEventId()))
                                        .build());
                            }
                        }
                    }
                    case STATUS -> statusReports.add(message.getStatus());
                    case ACTION_RESULT -> actionResults.add(message.getActionResult());
                    default -> {
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                clear(responses);
            }

            @Override
            public void onCompleted() {
                clear(responses);
                responses.onCompleted();
            }
        };
    }

    private synchronized void clear(StreamObserver<ServerMessage> responses) {
        if (session == responses) {
            session = null;
        }
    }

    /** Forgets the session (the server is going down). */
    public synchronized void dropSession() {
        session = null;
    }

    private static String pem(Object o) throws java.io.IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static final class Ignore implements StreamObserver<AgentMessage> {
        @Override
        public void onNext(AgentMessage value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
