package io.llmgateway.ingress;

import io.llmgateway.schemas.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a stream's replies in order and drops what was already written: chunks of one attempt
 * are written in {@code sequence} order, a chunk seen twice is dropped, one that comes early
 * waits for the ones before it. A terminal reply ends the stream in its turn; one that comes
 * before any chunk was written (a cache hit, a rejection) ends it at once.
 *
 * <p>Replies of another attempt than the one being written mean the request was tried again
 * (a worker crash re-delivered it): before anything was written the new attempt simply takes
 * over; after, the caller has part of an answer that cannot be continued, and
 * {@link StreamRestarted} ends the stream with an error rather than stitching two answers.
 */
final class StreamSequencer {

    /** The stream started over after part of it was written. */
    static final class StreamRestarted extends Exception {
        StreamRestarted() {
            super("the answer's stream restarted after part of it was sent", null, false, false);
        }
    }

    private final Map<Integer, Reply> early = new TreeMap<>();
    private Integer attempt;
    private int next;
    private int duplicates;

    /** The replies that may be written now, in order; empty when this one was a duplicate or comes early. */
    List<Reply> accept(Reply reply) throws StreamRestarted {
        if (attempt == null || (attempt != reply.attempt() && next == 0)) {
            if (attempt != null) {
                early.clear();
            }
            attempt = reply.attempt();
        } else if (attempt != reply.attempt()) {
            throw new StreamRestarted();
        }
        if (reply.kind().isTerminal() && next == 0 && early.isEmpty()) {
            return List.of(reply);
        }
        if (reply.sequence() < next || early.containsKey(reply.sequence())) {
            duplicates++;
            return List.of();
        }
        early.put(reply.sequence(), reply);
        List<Reply> ready = new ArrayList<>();
        Reply following;
        while ((following = early.remove(next)) != null) {
            ready.add(following);
            next++;
        }
        return ready;
    }

    /** Whether any chunk was written. */
    boolean began() {
        return next > 0;
    }

    int duplicatesDropped() {
        return duplicates;
    }
}
