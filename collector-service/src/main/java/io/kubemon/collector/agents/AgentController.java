package io.kubemon.collector.agents;

import io.kubemon.collector.run.RunManager;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.Heartbeat;
import io.kubemon.common.wire.Paths;
import io.kubemon.common.wire.Registration;
import io.kubemon.common.wire.RegistrationAck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AgentController {
    private final AgentRegistry registry;
    private final RunManager runs;

    public AgentController(AgentRegistry registry, RunManager runs) {
        this.registry = registry;
        this.runs = runs;
    }

    @PostMapping(path = Paths.REGISTER, produces = MediaType.APPLICATION_JSON_VALUE)
    public RegistrationAck register(@RequestBody Registration registration) {
        return new RegistrationAck(registry.register(registration));
    }

    @PostMapping(path = Paths.HEARTBEAT, produces = MediaType.APPLICATION_JSON_VALUE)
    public DesiredState heartbeat(@PathVariable String agentId, @RequestBody(required = false) Heartbeat report) {
        AgentRegistry.Entry agent = registry.touch(agentId);
        agent.report(report);
        if (report != null && report.runs() != null) {
            runs.reported(agent);
        }
        return runs.desiredState();
    }

    /** JSON by default; {@code Accept: text/plain} gives the one line a shell script can grep. */
    @GetMapping(Paths.INSTANCES)
    public ResponseEntity<?> instances(@RequestHeader(value = "Accept", required = false) String accept) {
        List<Instance> instances = registry.instances();
        if (accept != null && accept.contains(MediaType.TEXT_PLAIN_VALUE) && !accept.contains("json")) {
            long connected = instances.stream().filter(i -> i.state() == AgentState.CONNECTED).count();
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
                    .body("Connected instances: " + connected + "\n");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", instances.size());
        body.put("instances", instances);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
