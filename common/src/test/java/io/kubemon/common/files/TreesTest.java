package io.kubemon.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {
    @TempDir
    Path tmp;

    private Path tree() throws Exception {
        Path root = tmp.resolve("run");
        Files.createDirectories(root.resolve("os/deeper"));
        Files.writeString(root.resolve("run.json"), "{}");
        Files.writeString(root.resolve("os/n1.csv"), "a\n");
        Files.writeString(root.resolve("os/deeper/x"), "b");
        return root;
    }

    @Test
    void deletesEverythingDeepestFirst() throws Exception {
        Path root = tree();
        Trees.delete(root, false);
        assertThat(root).doesNotExist();
        assertThat(tmp).exists();
    }

    @Test
    void keepsTheRootEmptyWhenAsked() throws Exception {
        Path root = tree();
        Trees.delete(root, true);
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aTreeThatIsNotThereIsNoError() throws Exception {
        Trees.delete(tmp.resolve("absent"), false);
        assertThat(tmp.resolve("absent")).doesNotExist();
    }
}
