package io.kubemon.agent.perf;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/**
 * perf_event_open(2) and the file calls around it, through JNA (on the agent's class path with
 * OSHI): no {@code perf} binary, no parsing of its output. An event is opened in cgroup mode: it
 * counts every task of one cgroup on one CPU. Errors come back as the errno, never as an exception.
 */
final class PerfCalls {
    /** perf_event_attr.type */
    static final int TYPE_HARDWARE = 0;

    static final int TYPE_SOFTWARE = 1;

    private static final long FLAG_PID_CGROUP = 1L << 2;
    private static final long FLAG_FD_CLOEXEC = 1L << 3;
    /** PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING: value, enabled, running. */
    private static final long READ_FORMAT = 1 | 2;
    /** PERF_ATTR_SIZE_VER5, which every kernel since 4.1 takes. */
    private static final int ATTR_SIZE = 112;

    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;

    /** The result of an open: a descriptor, or the errno of its failure. */
    record Opened(int fd, int errno) {
        boolean ok() {
            return fd >= 0;
        }
    }

    private interface LibC extends Library {
        long syscall(long number, Object... args);

        int open(String path, int flags);

        NativeLong read(int fd, Memory buffer, NativeLong count);

        int close(int fd);

        String strerror(int errno);
    }

    private final LibC libc;
    private final long perfEventOpen;

    PerfCalls() {
        this.libc = Native.load("c", LibC.class);
        // The syscall's number is the architecture's own (unistd.h).
        this.perfEventOpen = Platform.isARM() ? 241 : 298;
    }

    /** Whether the native calls can be made here at all (Linux with a C library JNA can load). */
    static PerfCalls load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return new PerfCalls();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Opens a directory (a cgroup), for perf_event_open's cgroup mode. */
    Opened openDirectory(String path) {
        int fd = libc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return new Opened(fd, fd < 0 ? Native.getLastError() : 0);
    }

    /** One counting event of {@code type}/{@code config} for the cgroup {@code cgroupFd} on {@code cpu}. */
    Opened openCounter(int type, long config, int cgroupFd, int cpu) {
        try (Memory attr = new Memory(ATTR_SIZE)) {
            attr.clear();
            attr.setInt(0, type);
            attr.setInt(4, ATTR_SIZE);
            attr.setLong(8, config);
            attr.setLong(32, READ_FORMAT);
            long fd = libc.syscall(perfEventOpen, attr, cgroupFd, cpu, -1, FLAG_PID_CGROUP | FLAG_FD_CLOEXEC);
            return new Opened((int) fd, fd < 0 ? Native.getLastError() : 0);
        }
    }

    /** The counter's value, time enabled and time running (ns), or null when it cannot be read. */
    long[] read(int fd, Memory buffer) {
        long n = libc.read(fd, buffer, new NativeLong(24)).longValue();
        if (n != 24) {
            return null;
        }
        return new long[] {buffer.getLong(0), buffer.getLong(8), buffer.getLong(16)};
    }

    void close(int fd) {
        libc.close(fd);
    }

    String describe(int errno) {
        try {
            return libc.strerror(errno) + " (errno " + errno + ")";
        } catch (RuntimeException e) {
            return "errno " + errno;
        }
    }
}
