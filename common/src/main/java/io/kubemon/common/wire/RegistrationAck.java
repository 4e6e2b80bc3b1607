package io.kubemon.common.wire;

/** The collector's answer to a registration: the identity the agent uses from then on. */
public record RegistrationAck(String agentId) {
}
