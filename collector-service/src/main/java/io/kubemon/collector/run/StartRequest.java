package io.kubemon.collector.run;

/** Body of {@code POST /start}. */
public record StartRequest(String outputDir, Long intervalMs) {
}
