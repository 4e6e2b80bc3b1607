package io.kubemon.collector.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupTest {
    private static final List<URI> THREE = List.of(
            URI.create("http://c-0.h.ns.svc:8080"),
            URI.create("http://c-1.h.ns.svc:8080/"),
            URI.create("http://c-2.h.ns.svc:8080"));

    @Test
    void everyMemberNamesTheSameOwnerAndOwnsOnlyItsNodes() {
        List<Group> members = new ArrayList<>();
        for (URI self : THREE) {
            members.add(new Group(THREE, self));
        }
        for (int n = 0; n < 500; n++) {
            String node = "node-" + n;
            String owner = members.get(0).owner(node);
            assertThat(members).allSatisfy(m -> assertThat(m.owner(node)).isEqualTo(owner));
            assertThat(members.stream().filter(m -> m.owns(node)).count())
                    .as(node)
                    .isEqualTo(1);
        }
        // A trailing slash does not make another member.
        assertThat(members.get(1).self()).isEqualTo("http://c-1.h.ns.svc:8080");
        assertThat(members.get(1).others()).containsExactly("http://c-0.h.ns.svc:8080", "http://c-2.h.ns.svc:8080");
    }

    @Test
    void nodesSpreadEvenlyAndAFourthMemberTakesOnlyWhatItGains() {
        Group three = new Group(THREE, THREE.get(0));
        List<URI> fourPeers = new ArrayList<>(THREE);
        fourPeers.add(URI.create("http://c-3.h.ns.svc:8080"));
        Group four = new Group(fourPeers, THREE.get(0));
        Map<String, Integer> load = new HashMap<>();
        int moved = 0;
        for (int n = 0; n < 3000; n++) {
            String node = "ip-10-0-" + (n / 250) + "-" + (n % 250) + ".ec2.internal";
            String before = three.owner(node);
            String after = four.owner(node);
            load.merge(before, 1, Integer::sum);
            if (!before.equals(after)) {
                moved++;
                assertThat(after).as("a node only moves to the new member").isEqualTo("http://c-3.h.ns.svc:8080");
            }
        }
        assertThat(load.values()).allSatisfy(v -> assertThat(v).isBetween(900, 1100));
        assertThat(moved).as("about a quarter moves").isBetween(600, 900);
    }

    @Test
    void aloneOrMisconfigured() {
        Group alone = new Group(List.of(), null);
        assertThat(alone.enabled()).isFalse();
        assertThat(alone.owns("any")).isTrue();
        assertThat(alone.self()).isNull();
        assertThat(alone.others()).isEmpty();
        assertThatThrownBy(() -> new Group(THREE, URI.create("http://elsewhere:8080")))
                .hasMessageContaining("must be one of");
        assertThatThrownBy(() -> new Group(THREE, null)).hasMessageContaining("kubemon.collector.self");
        assertThatThrownBy(() -> new Group(
                        List.of(URI.create("http://a:1"), URI.create("http://a:1/")), URI.create("http://a:1")))
                .hasMessageContaining("twice");
        assertThatThrownBy(
                        () -> new Group(List.of(URI.create("a:1"), URI.create("http://b:1")), URI.create("http://b:1")))
                .hasMessageContaining("http(s) base URL");
    }
}
