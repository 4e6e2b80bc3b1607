/**
 * A collector group: its members, which member owns a node, and calls between members.
 *
 * <p>May use config and security. See docs/architecture.md.
 */
package io.kubemon.collector.group;
