package io.kubemon.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.DocumentedDefaults;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The agent's defaults are the same in docs/configuration.md's table, the shipped properties and {@link AgentProperties}. */
class AgentDefaultsDocTest {
    @Test
    void theShippedAndDeclaredDefaultsAreTheDocumentedOnes() throws Exception {
        assertThat(DocumentedDefaults.differences(
                        Path.of("../docs/configuration.md"),
                        Path.of("src/main/resources/application.properties"),
                        AgentProperties.class,
                        "kubemon.agent.",
                        DefaultValue.class))
                .isEmpty();
    }
}
