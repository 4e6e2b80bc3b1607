/**
 * The collector's settings, {@code kubemon.collector.*} (CollectorProperties), which every feature
 * package reads; the root package only wires the application.
 *
 * <p>Uses no other collector package. See docs/architecture.md.
 */
package io.kubemon.collector.config;
