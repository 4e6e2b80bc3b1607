/**
 * One cgroup reader for every container runtime, v1 and v2: the numbers of the container table.
 *
 * <p>May use host and procfs. See docs/architecture.md.
 */
package io.kubemon.agent.cgroup;
