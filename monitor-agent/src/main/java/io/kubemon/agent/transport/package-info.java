/**
 * The collector's API from the agent: registration (following a collector group's owner), heartbeats, batches and their spool.
 *
 * <p>May use config, container, host, inventory and sampling. See docs/architecture.md.
 */
package io.kubemon.agent.transport;
