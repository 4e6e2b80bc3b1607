package io.kubemon.collector.archive;

import io.kubemon.collector.group.Group;
import io.kubemon.collector.group.PeerClient;
import io.kubemon.collector.run.RunManager;
import io.kubemon.collector.volume.DataRoot;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.RunEntry;
import io.kubemon.common.wire.RunRecord;
import io.kubemon.common.wire.RunRecords;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runs under the data root, for people and for {@code kubemon fetch}: their list with each
 * one's record, a run's report rendered from its files (of an active run, what is written so far),
 * and its files as one zip archive. On a cluster the files live on the collector's volume; this is
 * the way out without {@code kubectl cp}. Names are confined to the data root ({@link DataRoot}).
 */
@RestController
public class RunFilesController {
    /** Run directories are found this deep under the data root (outputDir may have a few segments). */
    private static final int MAX_DEPTH = 4;

    private final DataRoot dataRoot;
    private final RunManager runs;
    private final JsonMapper json;
    private final Group group;
    private final PeerClient peers;

    public RunFilesController(DataRoot dataRoot, RunManager runs, JsonMapper json, Group group, PeerClient peers) {
        this.dataRoot = dataRoot;
        this.runs = runs;
        this.json = json;
        this.group = group;
        this.peers = peers;
    }

    @GetMapping(path = "/runs", produces = MediaType.APPLICATION_JSON_VALUE)
    public RunEntry.Listing list() throws IOException {
        RunStatus active = runs.status();
        List<RunEntry> out = new ArrayList<>();
        Path root = dataRoot.path();
        try (Stream<Path> s = Files.walk(root, MAX_DEPTH)) {
            for (Path runJson : s.filter(p -> p.getFileName().toString().equals("run.json"))
                    .filter(p -> !hidden(root.relativize(p).getParent()))
                    .sorted()
                    .toList()) {
                out.add(entry(root, runJson.getParent(), active));
            }
        }
        return new RunEntry.Listing(root.toString(), active.store(), out);
    }

    static boolean hidden(Path relative) {
        if (relative == null) {
            return false;
        }
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static RunEntry entry(Path root, Path dir, RunStatus active) {
        String outputDir = root.relativize(dir).toString();
        String report = "/runs/" + outputDir + "/report";
        String files = "/runs/" + outputDir + "/files";
        RunRecord meta;
        try {
            meta = RunRecords.readRecord(dir.resolve("run.json"));
        } catch (IOException | RuntimeException ex) {
            return new RunEntry(
                    outputDir,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    null,
                    "run.json unreadable: " + ex.getMessage(),
                    size(dir),
                    report,
                    files);
        }
        // The active run's state and rows are what they are now, not what its run.json said at the start.
        boolean live =
                meta.runId() != null && meta.runId().equals(active.runId()) && active.state() != RunState.FINISHED;
        return new RunEntry(
                outputDir,
                meta.runId(),
                meta.intervalMs(),
                meta.startedAt(),
                meta.stopAt(),
                meta.finishedAt(),
                live ? active.state() : meta.state(),
                live ? Long.valueOf(active.rows()) : meta.rows(),
                meta.missingRows(),
                meta.droppedRows(),
                meta.complete(),
                List.copyOf(meta.nodes().keySet()),
                live ? active.store() : null,
                null,
                size(dir),
                report,
                files);
    }

    private static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * {@code /runs/{outputDir}}, {@code /runs/{outputDir}/report} and {@code /runs/{outputDir}/files};
     * outputDir may have segments, so the path is taken whole and its end says which. Written to the
     * response directly: the report and the archive are streamed, never held in memory.
     */
    @GetMapping(path = "/runs/{*rest}")
    public void run(
            @PathVariable String rest,
            @RequestParam(name = "collector", required = false) Integer collector,
            HttpServletResponse response)
            throws IOException {
        String path = rest.startsWith("/") ? rest.substring(1) : rest;
        if (collector != null && path.endsWith("/files")) {
            // A group's run lies on every member's volume: kubemon fetch asks the one address it
            // has for each member's part in turn, by index, and this member relays the others'.
            if (collector < 0 || collector >= Math.max(1, group.peers().size())) {
                throw ApiException.badRequest(
                        "invalid_collector",
                        "collector must be an index from 0 to "
                                + (Math.max(1, group.peers().size()) - 1)
                                + " (the group's peers in order; GET /status lists them)");
            }
            if (group.enabled() && !group.peers().get(collector).equals(group.self())) {
                relay(group.peers().get(collector), path, response);
                return;
            }
        }
        if (path.endsWith("/report")) {
            RunReportPage.write(dataRoot.existingRun(path.substring(0, path.length() - "/report".length())), response);
        } else if (path.endsWith("/files")) {
            String name = path.substring(0, path.length() - "/files".length());
            Path dir = dataRoot.existingRun(name);
            response.setContentType("application/zip");
            response.setHeader(
                    HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name.replace('/', '_') + ".zip\"");
            RunArchive.zip(dir, name, response.getOutputStream());
        } else {
            Path dir = dataRoot.existingRun(path);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), entry(dataRoot.path(), dir, runs.status()));
        }
    }

    private void relay(String peer, String path, HttpServletResponse response) throws IOException {
        InputStream in;
        try {
            in = peers.download(peer, "/runs/" + path);
        } catch (IOException e) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.BAD_GATEWAY,
                    "peer_unreachable",
                    "the run's files on collector " + peer + " cannot be had: " + e.getMessage());
        }
        try (in) {
            response.setContentType("application/zip");
            in.transferTo(response.getOutputStream());
        }
    }
}
