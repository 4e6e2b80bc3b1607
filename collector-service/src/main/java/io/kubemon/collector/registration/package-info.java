/**
 * The agents' side of the API: registration, heartbeats (answered with the run's desired state)
 * and the instances listing, in a collector group across its members.
 *
 * <p>May use agents, group, run and volume. See docs/architecture.md.
 */
package io.kubemon.collector.registration;
