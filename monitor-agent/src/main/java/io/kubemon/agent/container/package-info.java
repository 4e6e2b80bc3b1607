/**
 * Container discovery (runtime adapters that only add metadata) and the container table's source.
 *
 * <p>May use cgroup, config, host, kubernetes, procfs and sampling. See docs/architecture.md.
 */
package io.kubemon.agent.container;
