package io.kubemon.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/metrics.md in step with the column tables. */
class MetricsDocTest {

    private static final Path DOC = Path.of("..", "docs", "metrics.md");

    @Test
    void docsMatchTheColumnTables() throws Exception {
        String rendered = MetricsDoc.render(Schemas.ALL);
        if (Boolean.getBoolean("kubemon.regenerate-docs")) {
            Files.writeString(DOC, rendered);
        }
        assertThat(DOC)
                .as("docs/metrics.md is stale; regenerate with -Dkubemon.regenerate-docs=true")
                .exists();
        assertThat(Files.readString(DOC)).isEqualTo(rendered);
    }

    @Test
    void everyColumnOfEveryTableIsDocumented() {
        String rendered = MetricsDoc.render(Schemas.ALL);
        for (Table t : Schemas.ALL) {
            for (Column c : t.columns()) {
                assertThat(rendered).contains("| `" + c.name() + "` |");
            }
        }
    }
}
