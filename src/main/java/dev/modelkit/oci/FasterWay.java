package dev.modelkit.oci;

/**
 * Chooses, write by write, between writing around the page cache and through it: whichever took less time per byte
 * in its recent writes, trying the other way every {@link #TRY_OTHER_EVERY} writes so that a change (the disk
 * falling behind, the cache's dirty-page limit reached) is noticed. The first write goes around the cache and the
 * second through it, so both have been measured before either is preferred.
 *
 * <p>Why measured and not fixed: which way is faster depends on the machine. On the bench VM a write through the
 * cache costs 1.4-4.5 CPU-seconds per GB (every new page is a fault in the host), against 0.2-0.35 around it, and
 * the disk takes 0.75-1.2 GB/s; a slow cloud disk (150 MB/s) would make every direct write wait several times longer
 * than a memory copy, until the dirty-page limit makes writes through the cache wait for the disk too. One instance
 * per writer thread; not for concurrent use.
 */
final class FasterWay {

    /** One write in this many goes the slower way, to keep its measure fresh. */
    static final int TRY_OTHER_EVERY = 16;

    private double directNanosPerByte = Double.NaN;
    private double cachedNanosPerByte = Double.NaN;
    private int sinceOther;

    /** Whether the next write should go around the cache. */
    boolean direct() {
        if (Double.isNaN(directNanosPerByte)) {
            return true;
        }
        if (Double.isNaN(cachedNanosPerByte)) {
            return false;
        }
        boolean directFaster = directNanosPerByte <= cachedNanosPerByte;
        if (++sinceOther >= TRY_OTHER_EVERY) {
            sinceOther = 0;
            return !directFaster;
        }
        return directFaster;
    }

    /**
     * Records how long a write of {@code bytes} took, one way or the other: the way's measure becomes the mean of
     * its earlier measure and this one, so the latest writes weigh most.
     */
    void record(boolean direct, long bytes, long nanos) {
        if (bytes <= 0) {
            return;
        }
        double cost = (double) Math.max(nanos, 1) / bytes;
        if (direct) {
            directNanosPerByte = Double.isNaN(directNanosPerByte) ? cost : (directNanosPerByte + cost) / 2;
        } else {
            cachedNanosPerByte = Double.isNaN(cachedNanosPerByte) ? cost : (cachedNanosPerByte + cost) / 2;
        }
    }
}
