/**
 * The runs under the data root: listing, report, archive (a group's members' parts relayed).
 *
 * <p>May use group, run, volume and web. See docs/architecture.md.
 */
package io.kubemon.collector.archive;
