package io.kubemon.agent.transport;

import org.springframework.stereotype.Component;

/**
 * Lets the sender cut the control loop's pause short: a batch refused because the run ended
 * means the desired state changed, and the next heartbeat should not wait.
 */
@Component
public class HeartbeatTrigger {
    private boolean pending;

    public synchronized void now() {
        pending = true;
        notifyAll();
    }

    /** Sleeps up to {@code ms}, or less when {@link #now()} is called. */
    synchronized void await(long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (!pending) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        pending = false;
    }
}
