/**
 * Runs: start, stop, drain, run.json, resume after a restart, a group's fan-out, the run's rules for a batch, and the data volume's watch.
 *
 * <p>May use agents, config, group, live, store, volume and web. See docs/architecture.md.
 */
package io.kubemon.collector.run;
