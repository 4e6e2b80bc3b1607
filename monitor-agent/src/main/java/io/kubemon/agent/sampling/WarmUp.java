package io.kubemon.agent.sampling;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the sampler's warm-up ({@link Sampler#warmUp}) once the agent is up:
 * {@code kubemon.agent.warm-up-rounds} rounds of every source (default 50; 0 turns it off).
 */
@Component
class WarmUp {
    private final Sampler sampler;
    private final int rounds;

    WarmUp(Sampler sampler, @Value("${kubemon.agent.warm-up-rounds:50}") int rounds) {
        this.sampler = sampler;
        this.rounds = rounds;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        sampler.warmUp(rounds);
    }
}
