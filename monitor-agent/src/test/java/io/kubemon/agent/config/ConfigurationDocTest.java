package io.kubemon.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.ConfigDoc;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's agent table is the one the build declares (Spring's configuration metadata
 * and the shipped properties): a setting added, renamed, re-described or given another default
 * fails here until the docs are regenerated ({@code -Dkubemon.regenerate-docs=true}).
 */
class ConfigurationDocTest {
    @Test
    void theDocumentedSettingsAreTheDeclaredOnes() throws Exception {
        String table = ConfigDoc.table(
                Path.of("target/classes/META-INF/spring-configuration-metadata.json"),
                Path.of("src/main/resources/application.properties"),
                "kubemon.");
        assertThat(table).contains("| `kubemon.");
        assertThat(ConfigDoc.check(Path.of("../docs/configuration.md"), "agent", table))
                .isNull();
    }
}
