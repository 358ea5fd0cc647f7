package io.llmgateway.accounting;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refusal goes to the reply topic its request names, which this app does not own: when that
 * topic cannot be written (a batch job named one that does not exist), the refusal reply is
 * dropped with an error log instead of stopping the partition. The refusal's usage record and
 * every other output still fail the task the default way.
 */
public final class ReplyTopicProductionHandler extends DefaultProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ReplyTopicProductionHandler.class);

    /** Custom Streams property: comma-separated names of the topics this app owns. */
    static final String OWN_TOPICS_CONFIG = "llm.accounting.own.topics";

    private Set<String> ownTopics = Set.of();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object own = configs.get(OWN_TOPICS_CONFIG);
        ownTopics = own == null ? Set.of() : Arrays.stream(own.toString().split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (ownTopics.contains(record.topic())) {
            return super.handleError(context, record, exception);
        }
        String requestId = record.key() == null ? null
                : new StringDeserializer().deserialize(record.topic(), record.key());
        log.error("cannot send the refusal of request {} to reply topic {} (from {}-{}@{}); dropping it",
                requestId, record.topic(), context.topic(), context.partition(), context.offset(), exception);
        return Response.resume();
    }
}
