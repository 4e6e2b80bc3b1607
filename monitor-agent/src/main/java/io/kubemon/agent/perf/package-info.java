/**
 * The container_perf table: perf_event_open in cgroup mode through JNA, opt-in.
 *
 * <p>May use cgroup, container, host and sampling. See docs/architecture.md.
 */
package io.kubemon.agent.perf;
