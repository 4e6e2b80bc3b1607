package io.kubemon.collector.archive;

import io.kubemon.report.Report;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A run's report as {@code GET /runs/{run}/report} serves it: the same page {@code kubemon report} writes, streamed. */
final class RunReportPage {
    private RunReportPage() {}

    static void write(Path run, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        // As in the file's own meta tag: the page makes no request.
        response.setHeader("Content-Security-Policy", Report.CONTENT_SECURITY_POLICY);
        Writer w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        new Report(Report.Options.defaults()).write(List.of(run), w, Report.Progress.NONE);
        w.flush();
    }
}
