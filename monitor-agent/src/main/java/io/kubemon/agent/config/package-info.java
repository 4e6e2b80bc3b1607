/**
 * The agent's settings: {@code kubemon.agent.*} (AgentProperties) and the node's name (NodeName),
 * which every feature package reads; the root package only wires the application.
 *
 * <p>Uses no other agent package. See docs/architecture.md.
 */
package io.kubemon.agent.config;
