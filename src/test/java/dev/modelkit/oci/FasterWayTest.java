package dev.modelkit.oci;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes go the way that took less time per byte lately: both ways are measured first (around the cache, then
 * through it), the slower one is tried again every {@link FasterWay#TRY_OTHER_EVERY} writes, and a change of speed
 * turns the choice within a few writes.
 */
class FasterWayTest {

    private static final long CHUNK = 4L * 1024 * 1024;

    /** Makes {@code writes} writes, each taking the time {@code nanos} gives for its way; the ways taken. */
    private static List<Boolean> run(FasterWay way, int writes, long directNanos, long cachedNanos) {
        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            boolean direct = way.direct();
            way.record(direct, CHUNK, direct ? directNanos : cachedNanos);
            taken.add(direct);
        }
        return taken;
    }

    @Test
    void bothWaysAreMeasuredBeforeEitherIsPreferred() {
        List<Boolean> taken = run(new FasterWay(), 2, 50_000_000, 1_000);
        assertThat(taken).containsExactly(true, false);
    }

    @Test
    void aFastDiskKeepsWritesAroundTheCacheTryingTheCacheNowAndThen() {
        List<Boolean> taken = run(new FasterWay(), 2 + 3 * FasterWay.TRY_OTHER_EVERY, 4_000_000, 12_000_000);
        List<Boolean> afterMeasuring = taken.subList(2, taken.size());
        assertThat(afterMeasuring.stream().filter(d -> !d).count()).isEqualTo(3);
        assertThat(afterMeasuring.get(FasterWay.TRY_OTHER_EVERY - 1)).isFalse();
    }

    @Test
    void aSlowDiskSendsWritesThroughTheCacheTryingTheDiskNowAndThen() {
        // 150 MB/s around the cache against a memory copy through it
        List<Boolean> taken = run(new FasterWay(), 2 + 3 * FasterWay.TRY_OTHER_EVERY, 28_000_000, 2_000_000);
        List<Boolean> afterMeasuring = taken.subList(2, taken.size());
        assertThat(afterMeasuring.stream().filter(d -> d).count()).isEqualTo(3);
    }

    @Test
    void theChoiceTurnsWhenTheCacheStopsBeingFaster() {
        FasterWay way = new FasterWay();
        run(way, 40, 10_000_000, 2_000_000); // through the cache, below the dirty-page limit
        // past it, writes through the cache wait for write-back: slower than the disk taking them directly
        List<Boolean> later = run(way, 2 * FasterWay.TRY_OTHER_EVERY + 4, 10_000_000, 40_000_000);
        assertThat(later.get(0)).as("still through the cache").isFalse();
        assertThat(later.get(1)).as("turned after one slow write").isTrue();
        assertThat(later.stream().filter(d -> !d).count()).as("then the cache only tried now and then").isEqualTo(3);
    }
}
