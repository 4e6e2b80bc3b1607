package io.kubemon.agent;

import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.sampling.Sampler;
import io.kubemon.agent.transport.CollectorClient;
import io.kubemon.agent.transport.CollectorException;
import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The agent's warm-up at startup: every source read {@code kubemon.agent.warm-up-rounds} times
 * (default 200; 0 turns the whole warm-up off, {@link Sampler#warmUp}) or until the rounds have cost
 * {@code kubemon.agent.warm-up-cpu} of CPU (default 3 s: a full node's rounds are long), then the last round's rows
 * sent {@code kubemon.agent.warm-up-checks} times (default 200) to the collector as a check
 * ({@code POST /batches?check=true}: read and validated, not written).
 *
 * <p>Why: the JIT compiles a method once it has run some tens of times. The per-tick code and
 * the batch path (encoding, WebClient, Reactor, Netty, decoding the answer: ~800 methods) run once
 * per tick, so without this they were interpreted and compiled during a run's first minute, which
 * cost about twice the steady CPU per sample then; a run started right after the agent (an
 * experiment launched after {@code helm install}) paid it. The first check also tells at startup,
 * in the log, if the collector refuses this agent's rows (a schema the two do not share).
 *
 * <p>Two counts because the two paths differ: a source round costs a whole tick of reading (at
 * 110 containers ~70 ms of CPU), while a check costs a few ms; and the batch path's per-request
 * code (Reactor, Netty, Spring, Jackson: run once per batch) is what 50 of each left uncompiled in
 * the first minute (BENCHMARKS.md, "The first minute").
 */
@Component
class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private final Sampler sampler;
    private final CollectorClient client;
    private final NodeName node;
    private final int rounds;
    private final int checks;
    private final java.time.Duration cpuBudget;

    WarmUp(
            Sampler sampler,
            CollectorClient client,
            NodeName node,
            @Value("${kubemon.agent.warm-up-rounds:200}") int rounds,
            @Value("${kubemon.agent.warm-up-checks:200}") int checks,
            @Value("${kubemon.agent.warm-up-cpu:3s}") java.time.Duration cpuBudget) {
        this.sampler = sampler;
        this.client = client;
        this.node = node;
        this.rounds = rounds;
        this.checks = checks;
        this.cpuBudget = cpuBudget;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        sampler.warmUp(rounds, cpuBudget.toNanos()).thenAccept(rows -> {
            if (rows.isEmpty()) {
                return;
            }
            Thread t = new Thread(() -> check(rows), "kubemon-warm-up");
            t.setDaemon(true);
            t.start();
        });
    }

    private void check(List<Sample> rows) {
        SampleBatch batch = new SampleBatch("warm-up-" + node.value(), null, 1, rows);
        long start = System.nanoTime();
        int done = 0;
        try {
            for (; done < checks; done++) { // also once a run has started: a few ms each, and the run's batches gain
                client.check(batch);
            }
            log.info(
                    "warm-up: the collector took {} rows of every table ({} check(s) of the batch path in {} ms)",
                    rows.size(),
                    done,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (CollectorException e) {
            if (e.status() >= 400 && e.status() < 500) {
                log.error(
                        "the collector refuses this agent's rows ({}); batches will be refused the same way",
                        e.getMessage());
            } else {
                log.info("warm-up of the batch path stopped after {} check(s): {}", done, e.getMessage());
            }
        }
    }
}
