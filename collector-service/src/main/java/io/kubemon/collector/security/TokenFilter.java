package io.kubemon.collector.security;

import io.kubemon.common.wire.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requires the shared token on ingestion, registration and control ({@code /api/**},
 * {@code /start}, {@code /stop}), on the runs' data ({@code /runs/**}) always, and on the other
 * reads when configured. Health and the live page's own HTML (no data in it) stay open.
 * Runs before anything reads the body, so a refused request changes nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TokenFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(TokenFilter.class);

    private final byte[] expected;
    private final boolean protectReads;
    private final JsonMapper json;

    public TokenFilter(SecurityProperties properties, JsonMapper json) {
        this.expected = properties.enabled() ? properties.token().getBytes(StandardCharsets.UTF_8) : null;
        this.protectReads = properties.protectReads();
        this.json = json;
        if (expected == null) {
            log.warn("kubemon.security.token is not set: anyone who reaches this port can start, stop and feed runs");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (expected == null) {
            return true;
        }
        String path = request.getRequestURI();
        if (path.startsWith("/api/") || path.equals("/start") || path.equals("/stop") || path.equals("/abort")) {
            return false;
        }
        // Run files, reports and archives are the data itself (process command lines can hold
        // secrets): they need the token whatever protect-reads says.
        if (path.equals("/runs") || path.startsWith("/runs/")) {
            return false;
        }
        return !(protectReads && (path.equals("/instances") || path.equals("/status") || path.equals("/live")));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // MessageDigest.isEqual takes the same time whatever the first differing byte is.
        if (!MessageDigest.isEqual(expected, given)) {
            ApiError error = new ApiError(
                    401,
                    "unauthorized",
                    header == null
                            ? "this endpoint needs the token: send Authorization: Bearer <kubemon.security.token>"
                            : "the token does not match kubemon.security.token");
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader("WWW-Authenticate", "Bearer realm=\"kubemon\"");
            response.setContentType("application/json");
            response.getOutputStream().write(json.writeValueAsBytes(error));
            return;
        }
        chain.doFilter(request, response);
    }
}
