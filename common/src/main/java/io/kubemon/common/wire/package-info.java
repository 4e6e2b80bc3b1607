/**
 * What agents and collectors say to each other: records serialised as JSON, and the HTTP paths.
 *
 * <p>Uses nothing of kubemon. See docs/architecture.md.
 */
package io.kubemon.common.wire;
