/**
 * What agents, collectors, the CLI and the report say to each other: records serialised as JSON
 * (the wire, and a run's own record), and the HTTP paths.
 *
 * <p>May use files, schema. See docs/architecture.md.
 */
package io.kubemon.common.wire;
