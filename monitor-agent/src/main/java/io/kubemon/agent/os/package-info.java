/**
 * The host tables (os, os_disk, os_net): their sources and parsers.
 *
 * <p>May use config, host, procfs and sampling. See docs/architecture.md.
 */
package io.kubemon.agent.os;
