/**
 * The live page's feed of recent points per node.
 *
 * <p>Uses no other collector package. See docs/architecture.md.
 */
package io.kubemon.collector.live;
