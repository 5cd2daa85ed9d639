package io.gatewise.server.status;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.gatewise.server.action.TunnelActionService;

/**
 * The tunnels page ({@code /tunnels}, every role) and its live feed for the logged-in
 * browser ({@code /api/tunnels/stream}, server-sent events on the session; the token-only
 * {@code /api/v1/tunnels/stream} is for scripts). The feed sends the full rows after each
 * status report; the page's script ({@code js/tunnels.js}) updates the table in place.
 */
@Controller
class TunnelPageController {
    /** Browsers reconnect by themselves (EventSource); a bound keeps abandoned streams from piling up. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final LiveStatusService status;
    private final TunnelBoard board;
    private final TunnelActionService actions;

    TunnelPageController(LiveStatusService status, TunnelBoard board, TunnelActionService actions) {
        this.status = status;
        this.board = board;
        this.actions = actions;
    }

    @GetMapping("/tunnels")
    String tunnels(Model model) {
        List<TunnelRow> rows = board.rows(status.tunnels());
        model.addAttribute("rows", rows);
        model.addAttribute("upCount", rows.stream().filter(r -> r.state().equals(TunnelState.UP.name())).count());
        model.addAttribute("blankRow", TunnelRow.blank());
        model.addAttribute("recentActions", actions.recent(10));
        return "tunnels/list";
    }

    @GetMapping(path = "/api/tunnels/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() throws IOException {
        List<TunnelRow> initial = board.rows(status.tunnels()); // authorizes
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.send(SseEmitter.event().name("tunnels").data(initial, MediaType.APPLICATION_JSON));
        Runnable[] cancel = new Runnable[1];
        cancel[0] = board.subscribe(rows -> {
            try {
                emitter.send(SseEmitter.event().name("tunnels").data(rows, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) { // the browser went away
                if (cancel[0] != null) {
                    cancel[0].run();
                }
            }
        });
        emitter.onCompletion(cancel[0]);
        emitter.onTimeout(cancel[0]);
        emitter.onError(t -> cancel[0].run());
        return emitter;
    }
}
