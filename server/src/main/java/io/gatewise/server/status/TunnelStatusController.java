package io.gatewise.server.status;

import java.io.IOException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/tunnels}: live state of every tunnel end; {@code GET
 * /api/v1/tunnels/stream}: the same as server-sent events, one {@code tunnels} event per
 * status report, for the tunnels page to update without reload.
 */
@RestController
class TunnelStatusController {
    private final LiveStatusService status;

    TunnelStatusController(LiveStatusService status) {
        this.status = status;
    }

    @GetMapping("/api/v1/tunnels")
    List<LiveStatusService.TunnelView> tunnels() {
        return status.tunnels();
    }

    @GetMapping(path = "/api/v1/tunnels/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() throws IOException {
        List<LiveStatusService.TunnelView> initial = status.tunnels(); // authorizes
        SseEmitter emitter = new SseEmitter(0L);
        emitter.send(SseEmitter.event().name("tunnels").data(initial, MediaType.APPLICATION_JSON));
        Runnable[] cancel = new Runnable[1];
        cancel[0] = status.subscribe(views -> {
            try {
                emitter.send(SseEmitter.event().name("tunnels").data(views, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                cancel[0].run();
            }
        });
        emitter.onCompletion(cancel[0]);
        emitter.onTimeout(cancel[0]);
        emitter.onError(t -> cancel[0].run());
        return emitter;
    }
}
