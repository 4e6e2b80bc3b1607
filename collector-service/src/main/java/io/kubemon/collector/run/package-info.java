/**
 * Runs: start, stop, drain, run.json, resume after a restart, a group's fan-out, and the agents' registration and heartbeats (whose answer is the run's state).
 *
 * <p>May use agents, config, group, store and web. See docs/architecture.md.
 */
package io.kubemon.collector.run;
