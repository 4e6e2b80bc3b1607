package io.kubemon.agent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The inode of a network namespace, read from a {@code /proc/<pid>/ns/net} link ("net:[4026531992]"). */
final class NetNamespace {
    private NetNamespace() {}

    /** The inode, or -1 when the link cannot be read (the process exited, no ptrace permission). */
    static long inode(Path link) {
        try {
            return parse(Files.readSymbolicLink(link).toString());
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** "net:[4026531992]" to 4026531992; -1 for anything else. */
    static long parse(String target) {
        int open = target.indexOf('[');
        int close = target.indexOf(']', open + 1);
        if (!target.startsWith("net:") || open < 0 || close < 0) {
            return -1;
        }
        try {
            return Long.parseLong(target.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
