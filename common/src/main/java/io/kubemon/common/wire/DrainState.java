package io.kubemon.common.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An agent's part in a run's drain. */
public enum DrainState {
    /** The run goes on. */
    @JsonProperty("collecting")
    COLLECTING,
    /** Stopped; the agent still has rows sampled up to the stop to deliver or account for. */
    @JsonProperty("delivering")
    DELIVERING,
    /** Everything it sampled up to the stop is delivered or accounted for. */
    @JsonProperty("delivered")
    DELIVERED,
    /** The drain timeout came first. */
    @JsonProperty("timeout")
    TIMEOUT,
    /** The collector's data volume was still failing at the store-recovery timeout. */
    @JsonProperty("store_failed")
    STORE_FAILED,
    /** A client that keeps no run account: only its delivered rows are known. */
    @JsonProperty("no_account")
    NO_ACCOUNT;

    /** Whether the agent's rows can still arrive: the run is not done waiting for it. */
    public boolean waiting() {
        return this == DELIVERING;
    }

    /** Whether the drain ended for this agent before it delivered everything. */
    public boolean cutShort() {
        return this == TIMEOUT || this == STORE_FAILED;
    }
}
