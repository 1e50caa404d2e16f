package io.flywheel.batch;

import io.flywheel.schemas.EventProducer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;

/** Where the batch jobs announce what they did (ModelPromoted, RecommendationsPublished). */
public interface ControlEvents extends AutoCloseable {
    void publish(SpecificRecord event);

    @Override
    default void close() {}

    /** Nothing is announced: for runs without Kafka. */
    static ControlEvents none() {
        return event -> {};
    }

    /** Sends each event to its topic and waits for the broker's acknowledgement. */
    static ControlEvents kafka(String bootstrapServers, String topicPrefix, String clientId) {
        EventProducer producer = EventProducer.create(bootstrapServers, topicPrefix, clientId);
        return new ControlEvents() {
            @Override
            public void publish(SpecificRecord event) {
                try {
                    producer.send(event).get(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("cannot publish " + event.getClass(), e);
                }
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }
}
