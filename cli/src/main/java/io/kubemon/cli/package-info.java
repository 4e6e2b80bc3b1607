/**
 * The kubemon command line: the control plane's client, merge, report and fetch.
 *
 * <p>Uses common.schema and report. See docs/architecture.md.
 */
package io.kubemon.cli;
