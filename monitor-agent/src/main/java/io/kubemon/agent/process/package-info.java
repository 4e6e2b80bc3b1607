/**
 * The process table: every process in every container's cgroup.
 *
 * <p>May use container, host, procfs and sampling. See docs/architecture.md.
 */
package io.kubemon.agent.process;
