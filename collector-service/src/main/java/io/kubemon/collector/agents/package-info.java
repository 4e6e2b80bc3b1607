/**
 * The registry of agents and what they report.
 *
 * <p>May use config and web. See docs/architecture.md.
 */
package io.kubemon.collector.agents;
