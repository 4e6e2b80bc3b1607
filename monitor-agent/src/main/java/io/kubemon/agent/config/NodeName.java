package io.kubemon.agent.config;

/** The node name rows carry; resolved once at start-up. */
public record NodeName(String value) {}
