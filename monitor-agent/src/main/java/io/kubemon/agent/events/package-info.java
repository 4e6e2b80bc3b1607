/**
 * The events table's source: what the agent's parts recorded in the host's EventLog, written at
 * the next tick.
 *
 * <p>May use host and sampling. See docs/architecture.md.
 */
package io.kubemon.agent.events;
