package io.kubemon.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads files in parallel, one per thread, rethrowing the first failure as it was thrown. */
final class ParallelFiles {
    /** The work done on one file. */
    interface FileWork {
        void read(Path f) throws IOException;
    }

    private ParallelFiles() {}

    static void each(List<Path> files, int maxThreads, FileWork work) throws IOException {
        int threads = Math.max(1, Math.min(files.size(), maxThreads));
        if (threads == 1) {
            for (Path f : files) {
                work.read(f);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kubemon-report-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    work.read(f);
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                try {
                    fu.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the run");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
