package io.kubemon.collector.group;

import io.kubemon.collector.config.CollectorProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The collector group this collector belongs to: every member's base URL ({@code
 * kubemon.collector.peers}, this one included as {@code kubemon.collector.self}), and which
 * member owns a node. With fewer than two peers there is no group: the collector works alone
 * and every node is its own.
 *
 * <p>Ownership is rendezvous hashing of the node name over the peers' URLs: each node goes to
 * the peer with the highest hash of (peer, node). It needs no shared state, every member
 * computes the same owner, and adding or removing one peer moves only the nodes that peer gains
 * or loses (a ring would need virtual nodes to spread 3 members evenly). A StatefulSet's peer
 * URLs are stable across restarts and rescheduling, so a node keeps its owner.
 */
@Component
public class Group {
    private final List<String> peers;
    private final String self;

    @org.springframework.beans.factory.annotation.Autowired
    public Group(CollectorProperties properties) {
        this(properties.peers() == null ? List.of() : properties.peers(), properties.self());
    }

    Group(List<URI> peers, URI self) {
        Set<String> unique = new LinkedHashSet<>();
        for (URI p : peers) {
            String url = normalise(p);
            if (!unique.add(url)) {
                throw new IllegalStateException("kubemon.collector.peers names " + url + " twice");
            }
        }
        this.peers = List.copyOf(unique);
        this.self = self == null ? null : normalise(self);
        if (this.peers.size() > 1 && (this.self == null || !this.peers.contains(this.self))) {
            throw new IllegalStateException(
                    "kubemon.collector.self (" + this.self + ") must be one of " + "kubemon.collector.peers "
                            + this.peers + ": each collector of a group must know which one it is");
        }
    }

    private static String normalise(URI uri) {
        String s = uri.toString().trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalStateException("a collector peer must be an http(s) base URL, got '" + uri + "'");
        }
        return s;
    }

    /** Whether this collector is one of a group of two or more. */
    public boolean enabled() {
        return peers.size() > 1;
    }

    /** Every member's base URL, in the configured order (indexes are stable for a configuration). */
    public List<String> peers() {
        return peers;
    }

    /** This collector's URL; null when it works alone. */
    public String self() {
        return enabled() ? self : null;
    }

    /** The other members. */
    public List<String> others() {
        List<String> out = new ArrayList<>(peers);
        out.remove(self);
        return enabled() ? out : List.of();
    }

    /** The member that owns {@code node}: its agent registers there and sends its batches there. */
    public String owner(String node) {
        if (!enabled()) {
            return self;
        }
        return ownerAmong(peers, node);
    }

    /** Whether this collector owns {@code node} (always, alone). */
    public boolean owns(String node) {
        return !enabled() || self.equals(owner(node));
    }

    static String ownerAmong(List<String> peers, String node) {
        String best = null;
        long bestScore = 0;
        for (String peer : peers) {
            long score = score(peer, node);
            // Unsigned comparison; a tie (never seen, but possible) goes to the first configured peer.
            if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
                best = peer;
                bestScore = score;
            }
        }
        return best;
    }

    /** FNV-1a over "peer\nnode", then SplitMix64's finaliser so that near-equal inputs spread. */
    static long score(String peer, String node) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (peer + "\n" + node).getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
