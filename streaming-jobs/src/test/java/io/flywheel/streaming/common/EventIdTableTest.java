package io.flywheel.streaming.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdTableTest {
    @Test
    void agreesWithAHashSetThroughGrowthAndCollidingIds() {
        Random rnd = new Random(3);
        Set<UUID> expected = new HashSet<>();
        long[] table = EventIdTable.empty();
        for (int i = 0; i < 20_000; i++) {
            // Random ids, ids sharing a high half (as the old map layout could not tell apart),
            // small sequential ids, and the all-zero id.
            UUID id =
                    switch (i % 4) {
                        case 0 -> new UUID(rnd.nextLong(), rnd.nextLong());
                        case 1 -> new UUID(42, rnd.nextInt(5_000));
                        case 2 -> new UUID(0, i / 4);
                        default -> new UUID(rnd.nextInt(3), rnd.nextInt(3));
                    };
            long h = id.getMostSignificantBits();
            long l = id.getLeastSignificantBits();
            assertThat(EventIdTable.contains(table, h, l)).isEqualTo(expected.contains(id));
            if (expected.add(id)) {
                table = EventIdTable.add(table, h, l);
            }
            assertThat(EventIdTable.contains(table, h, l)).isTrue();
        }
        assertThat(EventIdTable.size(table)).isEqualTo(expected.size());
        assertThat(expected).contains(new UUID(0, 0));
        for (UUID id : expected) {
            assertThat(
                            EventIdTable.contains(
                                    table,
                                    id.getMostSignificantBits(),
                                    id.getLeastSignificantBits()))
                    .isTrue();
        }
        assertThat(EventIdTable.contains(table, 42, 5_001)).isFalse();
    }
}
