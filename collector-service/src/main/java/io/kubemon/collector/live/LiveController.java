package io.kubemon.collector.live;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /live?since=MS}: each node's CPU and memory points newer than {@code since}, for the
 * live page at {@code /} (static/index.html), which asks every interval for what is new; and the
 * run's latest events.
 */
@RestController
public class LiveController {
    private final LiveFeed feed;

    public LiveController(LiveFeed feed) {
        this.feed = feed;
    }

    @GetMapping(path = "/live", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> live(@RequestParam(name = "since", defaultValue = "0") long since) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", System.currentTimeMillis());
        body.put("nodes", feed.snapshot(since));
        body.put("events", feed.events());
        return body;
    }
}
