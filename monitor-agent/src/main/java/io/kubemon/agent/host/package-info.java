/**
 * The host as the agent sees it: its filesystem roots (HostPaths, injected), kept-open files, kernel
 * units, notices, and the counts of malformed fields per table (MalformedFields).
 *
 * <p>May use procfs (its Malformed counter). See docs/architecture.md.
 */
package io.kubemon.agent.host;
