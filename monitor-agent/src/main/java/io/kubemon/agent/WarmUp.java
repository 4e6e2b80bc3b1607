package io.kubemon.agent;

import io.kubemon.agent.sampling.Sampler;
import io.kubemon.agent.transport.CollectorClient;
import io.kubemon.agent.transport.CollectorException;
import io.kubemon.common.wire.Batch;
import io.kubemon.common.wire.Sample;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The agent's warm-up at startup, {@code kubemon.agent.warm-up-rounds} rounds (default 50; 0
 * turns it off): every source read that many times ({@link Sampler#warmUp}), then the last round's
 * rows sent that many times to the collector as a check ({@code POST /batches?check=true}: read and
 * validated, not written).
 *
 * <p>Why: the JIT compiles a method once it has run some tens of times. The per-tick code and
 * the batch path (encoding, WebClient, Reactor, Netty, decoding the answer: ~800 methods) run once
 * per tick, so without this they were interpreted and compiled during a run's first minute, which
 * cost about twice the steady CPU per sample then; a run started right after the agent (an
 * experiment launched after {@code helm install}) paid it. The first check also tells at startup,
 * in the log, if the collector refuses this agent's rows (a schema the two do not share).
 */
@Component
class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private final Sampler sampler;
    private final CollectorClient client;
    private final NodeName node;
    private final int rounds;

    WarmUp(Sampler sampler, CollectorClient client, NodeName node,
           @Value("${kubemon.agent.warm-up-rounds:50}") int rounds) {
        this.sampler = sampler;
        this.client = client;
        this.node = node;
        this.rounds = rounds;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        sampler.warmUp(rounds).thenAccept(rows -> {
            if (rows.isEmpty()) {
                return;
            }
            Thread t = new Thread(() -> check(rows), "kubemon-warm-up");
            t.setDaemon(true);
            t.start();
        });
    }

    private void check(List<Sample> rows) {
        Batch batch = new Batch("warm-up-" + node.value(), null, 1, rows);
        long start = System.nanoTime();
        int done = 0;
        try {
            for (; done < rounds; done++) { // also once a run has started: a few ms each, and the run's batches gain
                client.check(batch);
            }
            log.info("warm-up: the collector took {} rows of every table ({} check(s) of the batch path in {} ms)",
                    rows.size(), done, (System.nanoTime() - start) / 1_000_000);
        } catch (CollectorException e) {
            if (e.status() >= 400 && e.status() < 500) {
                log.error("the collector refuses this agent's rows ({}); batches will be refused the same way", e.getMessage());
            } else {
                log.info("warm-up of the batch path stopped after {} check(s): {}", done, e.getMessage());
            }
        }
    }
}
