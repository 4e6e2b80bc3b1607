package io.kubemon.agent.host;

/** One line for a log or a notice: the innermost cause of a failure, its type and message. */
public final class RootCause {
    private RootCause() {}

    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
