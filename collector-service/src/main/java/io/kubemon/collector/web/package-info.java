/**
 * One JSON shape for every error the API answers.
 *
 * <p>Uses no other collector package. See docs/architecture.md.
 */
package io.kubemon.collector.web;
