package io.flywheel.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes test records to the real broker and waits until every one was taken. */
public final class TestProducer {
    private TestProducer() {}

    public static void produce(String bootstrap, String topic, List<byte[]> messages)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<Future<?>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] m : messages) {
                acks.add(producer.send(new ProducerRecord<>(topic, m)));
            }
            producer.flush();
        }
        // A record the broker never took would show up later as a wrong count; fail here instead.
        for (Future<?> ack : acks) {
            ack.get();
        }
    }
}
