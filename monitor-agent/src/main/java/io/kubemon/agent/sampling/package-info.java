/**
 * The tick: MetricSource (every source's interface), the Sampler's grid and warm-up, counter deltas, the run's ledger.
 *
 * <p>May use config and host (the counts of malformed fields). See docs/architecture.md.
 */
package io.kubemon.agent.sampling;
