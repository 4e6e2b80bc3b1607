package io.kubemon.collector.registration;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.group.Group;
import io.kubemon.collector.group.PeerClient;
import io.kubemon.collector.run.RunManager;
import io.kubemon.collector.volume.StoreMonitor;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.Heartbeat;
import io.kubemon.common.wire.Instance;
import io.kubemon.common.wire.InstanceList;
import io.kubemon.common.wire.Paths;
import io.kubemon.common.wire.Registration;
import io.kubemon.common.wire.RegistrationAck;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agents' side of the API: registration, heartbeats (whose answer is the run's desired state:
 * the registry itself knows nothing of runs) and the instances listing.
 */
@RestController
public class AgentController {
    private final AgentRegistry registry;
    private final RunManager runs;
    private final Group group;
    private final PeerClient peers;
    private final StoreMonitor store;

    public AgentController(AgentRegistry registry, RunManager runs, Group group, PeerClient peers, StoreMonitor store) {
        this.store = store;
        this.registry = registry;
        this.runs = runs;
        this.group = group;
        this.peers = peers;
    }

    /**
     * In a group, only the node's owner registers its agent; another member answers just the
     * owner's URL, and the agent registers there (its batches then go to one collector only).
     */
    @PostMapping(path = Paths.REGISTER, produces = MediaType.APPLICATION_JSON_VALUE)
    public RegistrationAck register(@RequestBody Registration registration) {
        if (group.enabled()
                && registration != null
                && registration.nodeName() != null
                && !group.owns(registration.nodeName())) {
            return new RegistrationAck(null, group.owner(registration.nodeName()));
        }
        String agentId = registry.register(registration);
        runs.record(io.kubemon.common.wire.Event.of(
                System.currentTimeMillis(),
                io.kubemon.common.wire.EventKind.AGENT_REGISTERED,
                "agent " + agentId + " on " + registration.nodeName(),
                "collector"));
        return new RegistrationAck(agentId, group.self());
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
    /**
     * In a group (unless {@code ?scope=local}): every member's agents, each with the member it is
     * registered with ({@code collector}), and the members listed with how many agents each has,
     * those that did not answer marked.
     */
    @GetMapping(Paths.INSTANCES)
    public ResponseEntity<?> instances(
            @RequestHeader(value = "Accept", required = false) String accept,
            @RequestParam(name = "scope", required = false) String scope) {
        List<Instance> instances = new ArrayList<>();
        List<InstanceList.Member> members = null;
        if (group.enabled() && !"local".equals(scope)) {
            members = new ArrayList<>();
            Map<String, PeerClient.Answer> answers = new LinkedHashMap<>();
            List<String> others = group.others();
            List<PeerClient.Answer> got = peers.all(others, p -> peers.get(p, Paths.INSTANCES + "?scope=local"));
            for (int i = 0; i < others.size(); i++) {
                answers.put(others.get(i), got.get(i));
            }
            for (String url : group.peers()) {
                List<Instance> mine;
                if (url.equals(group.self())) {
                    mine = registry.instances();
                    members.add(new InstanceList.Member(url, true, store.report(), null, mine.size()));
                } else {
                    PeerClient.Answer a = answers.get(url);
                    if (a.ok()) {
                        InstanceList theirs = peers.as(a.body(), InstanceList.class);
                        mine = theirs.instances() == null ? List.of() : theirs.instances();
                        members.add(new InstanceList.Member(url, true, theirs.store(), null, mine.size()));
                    } else {
                        mine = List.of();
                        members.add(new InstanceList.Member(url, false, null, a.problem(), 0));
                    }
                }
                mine.forEach(x -> instances.add(x.withCollector(url)));
            }
        } else {
            instances.addAll(registry.instances());
        }
        // The collector's own data volume beside its agents: failing since when and why, its free space.
        InstanceList body = new InstanceList(instances.size(), instances, store.report(), members);
        if (accept != null && accept.contains(MediaType.TEXT_PLAIN_VALUE) && !accept.contains("json")) {
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("Connected instances: " + body.connected() + "\n");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
