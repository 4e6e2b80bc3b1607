/**
 * Pure parsers that several packages share, and the one policy for a malformed field (Fields.number: a missing value).
 *
 * <p>Uses no other agent package. See docs/architecture.md.
 */
package io.kubemon.agent.procfs;
