/**
 * The shared token, checked on the API.
 *
 * <p>Uses no other collector package. See docs/architecture.md.
 */
package io.kubemon.collector.security;
