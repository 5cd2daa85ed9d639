package io.gatewise.server.controlplane;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ControlPlaneGrpc;
import io.gatewise.proto.v1.EnrollRequest;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.server.action.TunnelActionService;
import io.gatewise.server.audit.AuditIngestor;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.enrollment.EnrollmentRejectedException;
import io.gatewise.server.enrollment.EnrollmentResult;
import io.gatewise.server.enrollment.EnrollmentService;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.status.LiveStatusService;
import io.gatewise.server.system.Secret;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The {@code gatewise.v1.ControlPlane} service; admission is done by {@link AgentAuthInterceptor}. */
@Component
class ControlPlaneService extends ControlPlaneGrpc.ControlPlaneImplBase {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneService.class);

    private final EnrollmentService enrollment;
    private final SessionServices services;

    ControlPlaneService(EnrollmentService enrollment, GatewayService gateways, DesiredConfigService configs,
                        AgentSessionRegistry registry, AuditIngestor audit, LiveStatusService status,
                        TunnelActionService actions) {
        this.enrollment = enrollment;
        this.services = new SessionServices(gateways, configs, registry, audit, status, actions);
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
        String remote = AgentIdentity.REMOTE_ADDRESS.get();
        try {
            EnrollmentResult result = enrollment.enroll(Secret.of(request.getToken()), request.getCsrPem(),
                    request.getAgentVersion(), request.getHostname());
            response.onNext(ProtoMapping.enrollResponse(result));
            response.onCompleted();
        } catch (EnrollmentRejectedException e) {
            Status status = e.reason() == EnrollmentRejectedException.Reason.BAD_CSR
                    ? Status.INVALID_ARGUMENT : Status.PERMISSION_DENIED;
            log.warn("Enroll refused from {}: {} [{}]", remote, e.getMessage(), status.getCode());
            response.onError(status.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            log.error("Enroll from {} failed", remote, e);
            response.onError(Status.INTERNAL.withDescription("enrollment failed on the server; see its log")
                    .asRuntimeException());
        }
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ServerMessage> response) {
        AgentIdentity identity = AgentIdentity.CONTEXT_KEY.get();
        if (identity == null) { // the interceptor admits no Connect without one; defence in depth
            response.onError(Status.UNAUTHENTICATED.withDescription("client certificate required").asRuntimeException());
            return new StreamObserver<>() {
                @Override
                public void onNext(AgentMessage value) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }
        AgentSession session = new AgentSession(identity, AgentIdentity.REMOTE_ADDRESS.get(),
                (ServerCallStreamObserver<ServerMessage>) response, services);
        return session.inbound();
    }
}
