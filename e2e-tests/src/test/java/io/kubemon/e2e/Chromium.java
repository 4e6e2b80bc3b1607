package io.kubemon.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's real Chromium, headless: opens a page, lets its scripts run, and reads what the page
 * itself reports in its {@code kubemon-state} element (charts drawn, series, nulls, script errors,
 * requests the page's Content-Security-Policy blocked); or takes a screenshot.
 */
final class Chromium {
    private Chromium() {}

    static boolean available() {
        return find() != null;
    }

    /** Fails in CI when Chromium is missing (scripts/docker-for-tests.sh installs it). */
    static boolean requireOrSkip() {
        boolean ok = available();
        if (!ok && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs chromium (scripts/docker-for-tests.sh installs it)");
        }
        return ok;
    }

    private static String find() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    private static List<String> base() {
        // --no-sandbox: tests run as root here; the profile is thrown away after each call.
        return new ArrayList<>(List.of(
                find(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--mute-audio"));
    }

    /** The page's own state, after {@code budgetMs} of virtual time. */
    static JsonNode state(String url, int budgetMs) throws Exception {
        List<String> cmd = base();
        Path profile = Files.createTempDirectory("kubemon-chromium-");
        cmd.addAll(List.of("--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMs, "--dump-dom", url));
        String dom;
        try {
            dom = run(cmd);
        } finally {
            delete(profile);
        }
        int tag = dom.indexOf("id=\"kubemon-state\"");
        if (tag < 0) {
            throw new AssertionError("no kubemon-state element in the page " + url + ":\n"
                    + dom.substring(0, Math.min(2000, dom.length())));
        }
        int from = dom.indexOf('>', tag) + 1;
        String text = dom.substring(from, dom.indexOf("</pre>", from))
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
        if (text.isBlank()) {
            throw new AssertionError("the page " + url + " wrote no state: its script did not run to the end");
        }
        return JsonMapper.builder().build().readTree(text);
    }

    static void screenshot(String url, Path png, int width, int height) throws Exception {
        Files.createDirectories(png.getParent());
        List<String> cmd = base();
        Path profile = Files.createTempDirectory("kubemon-chromium-");
        cmd.addAll(List.of(
                "--user-data-dir=" + profile,
                "--virtual-time-budget=3000",
                "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(),
                url));
        try {
            run(cmd);
        } finally {
            delete(profile);
        }
        if (!Files.isRegularFile(png) || Files.size(png) < 10_000) {
            throw new AssertionError("no screenshot of " + url + " at " + png);
        }
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium timed out: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
