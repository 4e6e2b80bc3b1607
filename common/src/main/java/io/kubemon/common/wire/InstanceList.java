package io.kubemon.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code GET /instances} answers: the agents, the collector's own data volume beside them,
 * and in a collector group (unless {@code ?scope=local}) every member with how many agents it has.
 *
 * @param collectors the group's members, or null for a collector on its own (or a local listing)
 */
public record InstanceList(
        int count,
        List<Instance> instances,
        StoreReport store,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Member> collectors) {

    /**
     * A member of the group as the listing shows it.
     *
     * @param count its agents; 0 when it did not answer
     * @param error why it did not answer, or null
     */
    public record Member(
            String url,
            boolean reachable,
            @JsonInclude(JsonInclude.Include.NON_NULL) StoreReport store,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            int count) {}

    /** The agents heard from within the agent timeout. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public long connected() {
        return instances.stream().filter(i -> i.state() == AgentState.CONNECTED).count();
    }
}
