/**
 * The data volume: where runs are ({@link io.kubemon.collector.volume.DataRoot}: the data root, a
 * run's directory checked to stay inside it), its state ({@link io.kubemon.collector.volume.StoreHealth}:
 * failing or not, logged once per fault, the prober that runs the recoveries), and what the
 * collector says of it ({@link io.kubemon.collector.volume.StoreMonitor}: room for a start, the
 * report in /status and /instances; {@code DataDirHealthIndicator}: readiness).
 *
 * <p>May use config and web. See docs/architecture.md.
 */
package io.kubemon.collector.volume;
