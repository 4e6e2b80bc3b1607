package io.kubemon.agent;

/** The node name rows carry; resolved once at start-up. */
public record NodeName(String value) {
}
