package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Containers' lifecycle events from the containers of each tick, on made lists (pure). */
class ContainerEventsTest {
    private static ContainerInfo c(String id, String pod, String kubeContainer, String runtime) {
        return new ContainerInfo(
                id,
                "name-" + id,
                "img",
                pod,
                pod == null ? null : "ns",
                kubeContainer,
                pod == null ? null : "uid-" + pod,
                runtime,
                "/g/" + id,
                null);
    }

    private final Map<String, ContainerDiscovery.Lifecycle> engine = new HashMap<>();
    private final ContainerEvents events = new ContainerEvents();

    private List<Event> tick(long ms, ContainerInfo... running) {
        return events.tick(ms, List.of(running), engine::get);
    }

    @Test
    void theFirstTickOnlyLearnsThenStartsAndExitsAreEventsAtTheEnginesInstants() {
        ContainerInfo a = c("a", null, null, "docker");
        ContainerInfo b = c("b", null, null, "docker");
        assertThat(tick(1_000, a))
                .as("what runs at the run's start did not start in it")
                .isEmpty();

        engine.put("b", new ContainerDiscovery.Lifecycle(1_400L, null, null));
        List<Event> started = tick(2_000, a, b);
        assertThat(started).hasSize(1);
        assertThat(started.get(0).kind()).isEqualTo(EventKind.CONTAINER_STARTED);
        assertThat(started.get(0).timestampMs()).as("the engine's own instant").isEqualTo(1_400);
        assertThat(started.get(0).containerName()).isEqualTo("name-b");
        assertThat(started.get(0).source()).isEqualTo("docker");

        engine.put("a", new ContainerDiscovery.Lifecycle(null, 2_500L, 137));
        List<Event> exited = tick(3_000, b);
        assertThat(exited).extracting(Event::kind).containsExactly(EventKind.CONTAINER_EXITED);
        assertThat(exited.get(0).detail()).isEqualTo("exit code 137 (SIGKILL)");
        assertThat(exited.get(0).timestampMs()).isEqualTo(2_500);
        assertThat(tick(4_000, b)).as("nothing changed, nothing said").isEmpty();
    }

    @Test
    void aContainerWhoseProcessesWentBeforeTheEnginesDieEventWaitsForItsExitCode() {
        ContainerInfo a = c("a", null, null, "docker");
        tick(1_000);
        engine.put("a", new ContainerDiscovery.Lifecycle(1_200L, null, null));
        assertThat(tick(1_500, a)).extracting(Event::kind).containsExactly(EventKind.CONTAINER_STARTED);
        // Its processes are gone (it is no longer listed), the engine's "die" not yet read.
        assertThat(tick(2_000)).isEmpty();
        assertThat(tick(2_500)).isEmpty();
        engine.put("a", new ContainerDiscovery.Lifecycle(1_200L, 1_900L, 0));
        List<Event> exited = tick(3_000);
        assertThat(exited).extracting(Event::kind).containsExactly(EventKind.CONTAINER_EXITED);
        assertThat(exited.get(0).detail()).isEqualTo("exit code 0");
        assertThat(exited.get(0).timestampMs())
                .as("the engine's instant, not the tick's")
                .isEqualTo(1_900);

        // A die that never comes: after the ticks it is waited for, the exit is said without a code.
        ContainerInfo b = c("b", null, null, "docker");
        engine.put("b", new ContainerDiscovery.Lifecycle(3_200L, null, null));
        tick(3_500, b);
        for (int i = 1; i <= ContainerEvents.EXIT_WAIT_TICKS; i++) {
            assertThat(tick(3_500 + 500L * i)).isEmpty();
        }
        assertThat(tick(10_000))
                .extracting(Event::detail)
                .containsExactly("exited (its runtime reports no exit code here)");
    }

    @Test
    void underARestartPolicyThePreviousLifesExitStandsOnlyForThatLife() {
        ContainerInfo a = c("a", null, null, "docker");
        tick(1_000);
        engine.put("a", new ContainerDiscovery.Lifecycle(1_200L, null, null));
        assertThat(tick(1_500, a)).extracting(Event::kind).containsExactly(EventKind.CONTAINER_STARTED);
        // Died (code 3) and started again by Docker at once; the engine keeps the first life's exit.
        engine.put("a", new ContainerDiscovery.Lifecycle(2_100L, 2_050L, 3));
        assertThat(tick(2_500, a))
                .as("seen running in both lives: nothing to say")
                .isEmpty();
        // The second life's processes are gone, its die not yet read: the first life's exit is not its.
        assertThat(tick(6_000)).isEmpty();
        engine.put("a", new ContainerDiscovery.Lifecycle(2_100L, 5_900L, 3));
        List<Event> exited = tick(6_500);
        assertThat(exited).extracting(Event::detail).containsExactly("exit code 3");
        assertThat(exited.get(0).timestampMs()).as("the second life's end").isEqualTo(5_900);

        // Missing between its lives and never seen again (a restart the agent did not list): after
        // the wait, the exit the runtime last told, not "no exit code".
        ContainerInfo b = c("b", null, null, "docker");
        engine.put("b", new ContainerDiscovery.Lifecycle(7_000L, null, null));
        tick(7_500, b);
        engine.put("b", new ContainerDiscovery.Lifecycle(8_100L, 8_000L, 3));
        for (int i = 1; i <= ContainerEvents.EXIT_WAIT_TICKS; i++) {
            assertThat(tick(8_000 + 500L * i)).isEmpty();
        }
        List<Event> late = tick(12_000);
        assertThat(late).extracting(Event::detail).containsExactly("exit code 3");
        assertThat(late.get(0).timestampMs()).isEqualTo(8_000);
    }

    @Test
    void aRuntimeThatSaysNothingGivesTheTicksTimeAndAKubernetesContainerUnderANewIdIsARestart() {
        ContainerInfo web1 = c("w1", "web-0", "web", "containerd");
        tick(1_000, web1);
        ContainerInfo web2 = c("w2", "web-0", "web", "containerd");
        List<Event> e = tick(2_000, web2);
        assertThat(e)
                .extracting(Event::kind)
                .containsExactlyInAnyOrder(EventKind.CONTAINER_RESTARTED, EventKind.CONTAINER_EXITED);
        Event restart = e.stream()
                .filter(x -> x.kind() == EventKind.CONTAINER_RESTARTED)
                .findFirst()
                .orElseThrow();
        assertThat(restart.timestampMs()).isEqualTo(2_000);
        assertThat(restart.pod()).isEqualTo("web-0");
        assertThat(restart.detail()).contains("was w1");
        assertThat(restart.source()).isEqualTo("cgroup");
        Event exit = e.stream()
                .filter(x -> x.kind() == EventKind.CONTAINER_EXITED)
                .findFirst()
                .orElseThrow();
        assertThat(exit.detail()).contains("no exit code");

        events.reset();
        assertThat(tick(3_000, web2)).as("a new run learns again").isEmpty();
    }

    @Test
    void anOomKillNamesTheContainerAndItsLimit() {
        Event e = ContainerEvents.oomKill(5_000, c("x", "p", "k", "docker"), 1, 33554432L);
        assertThat(e.kind()).isEqualTo(EventKind.OOM_KILL);
        assertThat(e.values())
                .containsEntry("kind", "oom_kill")
                .containsEntry("container_id", "x")
                .containsEntry("pod", "p")
                .containsEntry("source", "cgroup");
        assertThat(e.detail())
                .isEqualTo("1 process(es) killed by the kernel's OOM killer (memory limit 33554432 bytes)");
    }
}
