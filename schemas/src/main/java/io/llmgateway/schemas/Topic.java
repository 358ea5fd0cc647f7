package io.llmgateway.schemas;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the types of its keys and values; the only way services name a topic. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Require.nonBlank(name, "topic name");
        Require.nonNull(keySerde, "key serde");
        Require.nonNull(valueSerde, "value serde");
    }

    /** The same contract under another name (topic names are configurable). */
    public Topic<K, V> named(String newName) {
        return new Topic<>(newName, keySerde, valueSerde);
    }
}
