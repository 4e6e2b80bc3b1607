/** TLS helpers the agent and the collector share: loading a trust store. Uses no other kubemon package. */
package io.kubemon.common.tls;
