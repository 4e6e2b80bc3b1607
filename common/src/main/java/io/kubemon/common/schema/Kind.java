package io.kubemon.common.schema;

/** How a column's value is produced and how the collector validates it. */
public enum Kind {
    /** Text that identifies what the row is about (a device, an interface, a container). */
    LABEL,
    /** An instantaneous reading at the sample time (load, bytes in use). */
    GAUGE,
    /** A monotonically increasing kernel counter, written as its increase over the row's interval. */
    COUNTER
}
