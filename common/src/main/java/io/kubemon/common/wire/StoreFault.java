package io.kubemon.common.wire;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Why a write to the data volume failed, read from the error the JDK reports (it carries the
 * kernel's {@code strerror} text, not the errno). Every fault takes the same way out: the batch is
 * refused as retryable, and the run's files are recovered from their journal once the volume
 * takes writes again.
 */
public enum StoreFault {
    /** ENOSPC: the volume is full. */
    NO_SPACE("no space left on the data volume", "no space left on device"),
    /** EDQUOT: the user's or project's quota is used up. */
    QUOTA("the data volume's quota is used up", "disk quota exceeded"),
    /** EROFS: the volume was remounted read-only (often the kernel's answer to a disk error). */
    READ_ONLY("the data volume is read-only", "read-only file system"),
    /** EIO: the device failed a read, write or flush. */
    IO_ERROR("the data volume reported an I/O error", "input/output error"),
    /** EACCES/EPERM: the collector may no longer write there. */
    PERMISSION("the collector may not write to the data volume", "permission denied"),
    /** Anything else the file system said. */
    OTHER("a write to the data volume failed", null);

    private final String description;
    private final String kernelText;

    StoreFault(String description, String kernelText) {
        this.description = description;
        this.kernelText = kernelText;
    }

    /** In words, for an operator: "no space left on the data volume". */
    public String description() {
        return description;
    }

    /** The metric tag: {@code no_space}, {@code read_only}, … */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An exception that knows its fault already (the collector's refusal while its volume fails). */
    public interface Known {
        StoreFault fault();
    }

    /** The fault an exception (or one of its causes) names; {@link #OTHER} when none is known. */
    public static StoreFault of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Known k) {
                return k.fault();
            }
            if (t instanceof AccessDeniedException) {
                return PERMISSION;
            }
            String text =
                    t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
            StoreFault f = ofText(text);
            if (f != OTHER) {
                return f;
            }
        }
        return OTHER;
    }

    /** The fault a kernel message names ("No space left on device"), or {@link #OTHER}. */
    static StoreFault ofText(String text) {
        if (text == null) {
            return OTHER;
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (StoreFault f : values()) {
            if (f.kernelText != null && t.contains(f.kernelText)) {
                return f;
            }
        }
        return OTHER;
    }

    /** The exception's own words, without the stack: "No space left on device" or its path and reason. */
    public static String detail(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof FileSystemException)) {
            if (t.getMessage() != null && ofText(t.getMessage()) != OTHER) {
                break;
            }
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
