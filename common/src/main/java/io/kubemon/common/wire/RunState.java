package io.kubemon.common.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a run is: before any ({@code idle}), sampling, draining after its stop, or done. */
public enum RunState {
    @JsonProperty("idle")
    IDLE,
    /** Agents sample it. */
    @JsonProperty("collecting")
    COLLECTING,
    /** Sampling has ended at the stop instant; agents deliver what they sampled up to it. */
    @JsonProperty("stopping")
    STOPPING,
    /** Its files are closed (every agent delivered, or a timeout came) and run.json is final. */
    @JsonProperty("finished")
    FINISHED
}
