package io.flywheel.schemas;

import org.apache.avro.SystemLimitException;

/**
 * Caps Avro's allocations while decoding. A corrupt length prefix would otherwise let one bad
 * message ask for a 2 GB array. Kafka messages are far smaller, so these limits only ever stop
 * garbage. Set before Avro's decoders read their limits; an explicit system property wins.
 */
final class AvroLimits {
    static final String MAX_BYTES = String.valueOf(16 * 1024 * 1024);
    static final String MAX_ITEMS = String.valueOf(1_000_000);

    private AvroLimits() {}

    static void apply() {
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_BYTES);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_ITEMS);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
