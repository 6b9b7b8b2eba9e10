package org.snn4j.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of worker threads for data-parallel loops. {@link #parallelFor} splits
 * {@code [0, n)} into at most {@link #threads()} contiguous chunks in a fixed way, so the
 * assignment of work to chunks — and therefore every result — depends only on {@code n} and the
 * thread count. The calling thread runs the first chunk itself.
 */
public final class ThreadPool implements AutoCloseable {

    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    private final ExecutorService executor;

    public ThreadPool(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be between 1 and 1024, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            executor = null;
        } else {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "snn4j-" + id + "-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@code threads()} chunks whose
     * boundaries are multiples of {@code grain} (except the last). Returns when all are done.
     */
    public void parallelFor(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        int blocks = (n + g - 1) / g;
        int chunks = Math.min(threads, blocks);
        if (chunks <= 1 || executor == null) {
            body.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        int[] bounds = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) {
            bounds[c] = (int) Math.min(n, (long) blocks * c / chunks * g);
        }
        bounds[chunks] = n;
        for (int c = 1; c < chunks; c++) {
            int from = bounds[c];
            int to = bounds[c + 1];
            futures.add(executor.submit(() -> body.run(from, to)));
        }
        Throwable failure = null;
        try {
            body.run(bounds[0], bounds[1]);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for worker threads", e);
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
