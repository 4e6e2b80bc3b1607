package io.kubemon.agent.sampling;

import io.kubemon.common.wire.SampleBatch;

/** Where the sampler hands each tick's batch; the sender in production, a list in tests. */
public interface BatchSink {
    void enqueue(SampleBatch batch);
}
