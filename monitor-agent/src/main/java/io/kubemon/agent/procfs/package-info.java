/**
 * Pure parsers that several packages share, and the one policy for a bad field: a field that is
 * present but unreadable is a missing value (an empty cell) and is counted in the parser's
 * {@link io.kubemon.agent.procfs.Malformed} ({@code Fields.number(s, bad)}); a record of the wrong
 * shape is an {@code IllegalStateException} naming the file.
 *
 * <p>Uses no other agent package. See docs/architecture.md.
 */
package io.kubemon.agent.procfs;
