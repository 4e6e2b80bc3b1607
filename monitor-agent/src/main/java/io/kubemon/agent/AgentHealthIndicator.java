package io.kubemon.agent;

import io.kubemon.agent.sampling.Sampler;
import io.kubemon.agent.transport.AgentIdentity;
import io.kubemon.agent.transport.BatchSender;
import io.kubemon.agent.transport.ControlLoop;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The agent's view of itself. Always UP: an unreachable collector is not a reason for the
 * kubelet to restart the agent (that would lose the queued batches); the details say why.
 */
@Component("kubemon")
class AgentHealthIndicator implements HealthIndicator {
    private final AgentIdentity identity;
    private final ControlLoop control;
    private final Sampler sampler;
    private final BatchSender sender;

    private final io.kubemon.agent.sampling.RunAccounts ledger;
    private final io.kubemon.agent.host.Notices notices;

    AgentHealthIndicator(
            AgentIdentity identity,
            ControlLoop control,
            Sampler sampler,
            BatchSender sender,
            io.kubemon.agent.sampling.RunAccounts ledger,
            io.kubemon.agent.host.Notices notices) {
        this.notices = notices;
        this.ledger = ledger;
        this.identity = identity;
        this.control = control;
        this.sampler = sampler;
        this.sender = sender;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("agentId", String.valueOf(identity.agentId()))
                .withDetail("collectorReachable", control.collectorReachable())
                .withDetail("runId", String.valueOf(sampler.runId()))
                .withDetail("ticks", sampler.ticks())
                .withDetail("missedTicks", sampler.missedTicks())
                .withDetail("tickLateP50Ms", sampler.tickLatenessMs(0.5))
                .withDetail("tickLateP99Ms", sampler.tickLatenessMs(0.99))
                .withDetail("failedReads", sampler.failedReads())
                .withDetail("producedRows", sampler.producedRows())
                .withDetail("queuedBatches", sender.queued())
                .withDetail("spooledBatches", sender.spooled())
                .withDetail("sentBatches", sender.sentBatches())
                .withDetail("sentRows", sender.sentRows())
                .withDetail("droppedRows", sender.droppedRows())
                .withDetail("runs", ledger.reports())
                .withDetail("notices", notices.all())
                .build();
    }
}
