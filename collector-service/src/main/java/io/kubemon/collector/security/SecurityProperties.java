package io.kubemon.collector.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kubemon.security.*}.
 *
 * @param token        shared secret agents and operators send as {@code Authorization: Bearer <token>};
 *                     from the environment ({@code KUBEMON_SECURITY_TOKEN}) or a Kubernetes Secret. Unset: no checks
 * @param protectReads also require the token on {@code GET /instances} and {@code GET /status}
 */
@ConfigurationProperties("kubemon.security")
public record SecurityProperties(
        String token, @DefaultValue("false") boolean protectReads) {

    public boolean enabled() {
        return token != null && !token.isBlank();
    }
}
