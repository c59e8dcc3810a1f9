package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.CompressionPool;
import dev.modelkit.layer.ZstdEncoder;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.OciArchiveTee;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes planned layers into the layout, several at once (up to the core count), each compressed in parallel
 * chunks on a second pool. Blobs land in the layout in any order; the result list keeps the plan's order, so the
 * manifest never depends on timing. Log lines from the workers are handed to the calling thread, which alone talks
 * to the build's log.
 */
final class LayerWriters implements AutoCloseable {

    /** How long a failed build waits for the layers still running to stop before it cleans up. */
    private static final long STOP_WAIT_SECONDS = 30;

    private final int threads;
    private final ExecutorService layerPool;
    private final CompressionPool compressionPool;
    private final boolean compressedAroundCache;

    /**
     * @param threads               layers written at once
     * @param compressionThreads    threads compressing chunks, shared by all layers: the core count even for one
     *                              layer, or a single big layer would compress on one core
     * @param zstdEncoder           NATIVE or JAVA (already resolved)
     * @param compressedAroundCache whether compressed blobs are written around the page cache where possible (not
     *                              when the archive is copied from the layout right after: it reads them again)
     */
    LayerWriters(int threads, int compressionThreads, ZstdEncoder zstdEncoder, boolean compressedAroundCache) {
        this.threads = Math.max(1, threads);
        this.compressedAroundCache = compressedAroundCache;
        this.layerPool = DaemonThreads.pool(this.threads, "modelkit-layer");
        this.compressionPool = CompressionPool.of(Math.max(1, compressionThreads), zstdEncoder, this.threads);
    }

    /** Plans layer {@code index}; called on the calling thread, in order, while earlier layers are written. */
    interface Planner {
        LayerPlan plan(int index) throws IOException, PackException;
    }

    /**
     * Plans and writes {@code count} layers: each is submitted as soon as it is planned, so a big model file is
     * being copied while the next layer's 10,000 files are still walked. When a plan or a layer fails, the layers
     * still running are stopped and waited for before the failure is thrown.
     *
     * @param tee where each written layer's bytes also go (the archive, teed while the layers are written), or null;
     *            layers reused from the cache are not passed to it
     */
    List<PackedLayer> write(int count, Planner planner, Compression compression, OciLayoutWriter writer,
                            LayerCache cache, OciArchiveTee tee, BuildLog log, PackProgress progress)
            throws IOException, PackException {
        QueuedLog queued = new QueuedLog();
        List<LayerPlan> plans = new ArrayList<>();
        List<Future<PackedLayer>> futures = new ArrayList<>();
        List<AtomicLong> done = new ArrayList<>();
        long start = System.nanoTime();
        boolean complete = false;
        try {
            for (int i = 0; i < count; i++) {
                LayerPlan plan = planner.plan(i);
                int index = i;
                AtomicLong counter = new AtomicLong();
                plans.add(plan);
                done.add(counter);
                futures.add(layerPool.submit(() -> writeOne(plan, index, compression, writer, cache, tee, queued,
                        counter)));
            }
            Runnable report = progressReport(plans, futures, done, progress, start);
            queued.beforeLines(progress::clear);
            List<PackedLayer> layers = new ArrayList<>();
            for (Future<PackedLayer> future : futures) {
                layers.add(await(future, queued, log, report));
            }
            report.run(); // a last report with every layer finished
            complete = true;
            return layers;
        } finally {
            if (!complete) {
                // a plan or a layer failed: nothing may still write into the layout once the caller deletes it
                if (!Futures.stop(layerPool, futures, STOP_WAIT_SECONDS)) {
                    log.warn("A layer was still being written " + STOP_WAIT_SECONDS + " s after the build failed;"
                            + " the temporary folder beside the layout may not be removed completely (no later"
                            + " build uses it)");
                }
            }
            queued.drainTo(log);
            progress.finished();
        }
    }

    private static Runnable progressReport(List<LayerPlan> plans, List<Future<PackedLayer>> futures,
                                           List<AtomicLong> done, PackProgress progress, long start) {
        return () -> {
            List<PackProgress.LayerProgress> state = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                state.add(new PackProgress.LayerProgress(plans.get(i).label(), done.get(i).get(),
                        plans.get(i).totalBytes(), futures.get(i).isDone()));
            }
            progress.report(state, System.nanoTime() - start);
        };
    }

    private PackedLayer writeOne(LayerPlan plan, int index, Compression compression, OciLayoutWriter writer,
                                 LayerCache cache, OciArchiveTee tee, BuildLog log, AtomicLong progress)
            throws IOException {
        String selector = LayerCache.selector(plan, compression, compressionPool.zstdEncoder());
        Optional<LayerCache.Hit> hit = cache.lookup(selector);
        Packer.LayerBlob blob;
        if (hit.isPresent()) {
            writer.linkBlob(hit.get().blob(), hit.get().digest());
            blob = new Packer.LayerBlob(hit.get().digest(), hit.get().size(), hit.get().diffId());
            progress.set(plan.totalBytes());
            log.info("Unchanged " + plan.element().label() + " (" + plan.element().path() + "): reused "
                    + blob.digest());
        } else {
            LayerBlobWriter.Content content = plan.raw() != null ? RawLayer.of(plan.raw()) : TarLayer.of(plan.entries());
            if (tee == null) {
                blob = LayerBlobWriter.write(writer, compression, compressionPool, progress, content, null,
                        compressedAroundCache);
            } else {
                try (OciArchiveTee.Region region = tee.region(index)) {
                    blob = LayerBlobWriter.write(writer, compression, compressionPool, progress, content, region,
                            compressedAroundCache);
                }
            }
            cache.store(selector, blob);
            log.info("Packed " + plan.element().label() + " (" + plan.element().path() + "): " + plan.contents()
                    + ", " + blob.size() + " bytes, " + blob.digest());
        }
        Descriptor descriptor = new Descriptor(plan.mediaType(), blob.digest(), blob.size(), plan.annotations(), null);
        return new PackedLayer(descriptor, blob.diffId(), plan.element().cleanedPath());
    }

    private static PackedLayer await(Future<PackedLayer> future, QueuedLog queued, BuildLog log, Runnable report)
            throws IOException {
        while (true) {
            queued.drainTo(log);
            report.run();
            try {
                return future.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep forwarding log lines while the layer is written
            } catch (InterruptedException e) {
                throw Futures.interrupted("packing");
            } catch (ExecutionException e) {
                throw Futures.failure(e, "packing a layer");
            }
        }
    }

    @Override
    public void close() {
        layerPool.shutdownNow();
        compressionPool.close();
    }

    /** A log that queues lines from any thread until the owner drains them into the real log. */
    static final class QueuedLog implements BuildLog {
        private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> lines =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private volatile BuildLog target = BuildLog.SILENT;
        private Runnable beforeLines = () -> { };

        void beforeLines(Runnable action) {
            beforeLines = action;
        }

        @Override
        public void info(String message) {
            lines.add(() -> target.info(message));
        }

        @Override
        public void warn(String message) {
            lines.add(() -> target.warn(message));
        }

        @Override
        public void debug(String message) {
            lines.add(() -> target.debug(message));
        }

        void drainTo(BuildLog log) {
            target = log;
            if (!lines.isEmpty()) {
                beforeLines.run();
            }
            Runnable line;
            while ((line = lines.poll()) != null) {
                line.run();
            }
        }
    }
}
