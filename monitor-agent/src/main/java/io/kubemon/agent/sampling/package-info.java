/**
 * The tick: MetricSource (every source's interface), the Sampler's grid and warm-up, counter deltas, the run's ledger.
 *
 * <p>Uses no other agent package. See docs/architecture.md.
 */
package io.kubemon.agent.sampling;
