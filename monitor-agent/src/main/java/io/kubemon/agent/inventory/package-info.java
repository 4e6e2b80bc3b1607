/**
 * The node's description the agent sends when it registers.
 *
 * <p>May use cgroup and host. See docs/architecture.md.
 */
package io.kubemon.agent.inventory;
