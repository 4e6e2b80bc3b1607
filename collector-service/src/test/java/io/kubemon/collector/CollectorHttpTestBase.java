package io.kubemon.collector;

import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every real-HTTP collector test shares: a collector on a random loopback port (the
 * subclass's {@code @SpringBootTest} sets its properties) writing under a fresh data directory.
 */
abstract class CollectorHttpTestBase {
    @TempDir
    static Path base;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("kubemon.collector.data-dir", () -> base.resolve("data").toString());
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
}
