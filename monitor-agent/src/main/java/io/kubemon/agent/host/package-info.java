/**
 * The host as the agent sees it: its filesystem roots (HostPaths, injected), kept-open files, kernel units, notices.
 *
 * <p>Uses no other agent package. See docs/architecture.md.
 */
package io.kubemon.agent.host;
