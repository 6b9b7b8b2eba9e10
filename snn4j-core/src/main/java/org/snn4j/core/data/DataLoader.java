package org.snn4j.core.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts a {@link Dataset} into {@link Batch}es, epoch by epoch.
 *
 * <p><b>Samples.</b> The loader uses data set samples {@code 0 .. N-1} with {@code N = limit} when a
 * limit is set, else {@code N = dataset.size()} (use {@link Datasets#subset} for other subsets).
 *
 * <p><b>Order.</b> Epoch {@code e}'s order is {@code 0, 1, ..., N-1} for {@link Order#SEQUENTIAL}; for
 * {@link Order#SHUFFLED} it is a Fisher–Yates shuffle of that sequence (for {@code i = N-1 .. 1}: swap
 * {@code a[i]} and {@code a[rng.nextInt(i+1)]}) with
 * {@code rng = new SplittableRandom(seed ^ mix64(0x9E3779B97F4A7C15 · (e + 1)))}, where
 * {@code mix64} is the SplitMix64 finaliser. The order is thus a pure function of {@code (seed, e)}:
 * the same seed gives the same batches whether or not prefetching is on, and different epochs get
 * different orders. See {@link #epochOrder(int)}.
 *
 * <p><b>Batches.</b> Batch {@code k} holds order positions {@code [k·B, min((k+1)·B, N))}. With
 * {@link LastBatch#KEEP} there are {@code ceil(N / B)} batches, the last possibly smaller; with
 * {@link LastBatch#DROP} there are {@code floor(N / B)}, all of size {@code B}. Each batch gets freshly
 * allocated arrays (see {@link Batch}).
 *
 * <p><b>Prefetch.</b> With {@code prefetch(d)}, {@code d >= 1}, {@link #epoch(int)} starts one daemon
 * producer thread that fills a bounded queue of at most {@code d} ready batches ahead of the consumer.
 * Close the iterator (try-with-resources) when stopping early: {@link BatchIterator#close()} interrupts
 * and joins the producer. An exception raised while a batch is built (in either mode) reaches the
 * consumer from {@code hasNext()/next()} at that batch's position, wrapped in an
 * {@link IllegalStateException} naming the epoch, batch and data set.
 *
 * <p>A loader is immutable and may run several epochs; the data set must not change meanwhile and must
 * allow reads from the producer thread.
 */
public final class DataLoader {

    /** Sample order within an epoch. */
    public enum Order {
        /** Samples in index order every epoch. */
        SEQUENTIAL,
        /** A seeded permutation, different for each epoch. */
        SHUFFLED
    }

    /** What to do with a final batch smaller than the batch size. */
    public enum LastBatch {
        /** Deliver it (smaller). */
        KEEP,
        /** Skip it, so that every batch has exactly the batch size. */
        DROP
    }

    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    private final Dataset dataset;
    private final int batchSize;
    private final Order order;
    private final long seed;
    private final LastBatch lastBatch;
    private final int numSamples;
    private final int prefetch;
    private final int featureSize;
    private final Augmentation augmentation;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.order = b.order;
        this.seed = b.seed;
        this.lastBatch = b.lastBatch;
        this.prefetch = b.prefetch;
        this.featureSize = dataset.sampleShape().size();
        this.augmentation = b.augmentation;
        if (b.limit > dataset.size()) {
            throw new IllegalArgumentException("limit " + b.limit + " exceeds the " + dataset.size() + " samples of " + dataset.name());
        }
        this.numSamples = b.limit >= 0 ? b.limit : dataset.size();
        if (numSamples == 0) {
            throw new IllegalArgumentException("data set " + dataset.name() + " has no samples to load");
        }
        if (lastBatch == LastBatch.DROP && numSamples < batchSize) {
            throw new IllegalArgumentException("LastBatch.DROP with " + numSamples + " samples < batch size " + batchSize
                    + " would give no batch; use a smaller batch size or LastBatch.KEEP");
        }
    }

    /** A builder over {@code dataset} with the given batch size ({@code >= 1}). */
    public static Builder builder(Dataset dataset, int batchSize) {
        return new Builder(dataset, batchSize);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public Order order() {
        return order;
    }

    public long seed() {
        return seed;
    }

    /** {@code N}: the number of samples used per epoch. */
    public int numSamples() {
        return numSamples;
    }

    /** Batches per epoch: {@code ceil(N/B)} for {@link LastBatch#KEEP}, {@code floor(N/B)} for {@link LastBatch#DROP}. */
    public int numBatches() {
        return lastBatch == LastBatch.KEEP ? (numSamples + batchSize - 1) / batchSize : numSamples / batchSize;
    }

    /** Samples delivered per epoch: {@code N} for {@link LastBatch#KEEP}, {@code numBatches()·B} for {@link LastBatch#DROP}. */
    public int samplesPerEpoch() {
        return lastBatch == LastBatch.KEEP ? numSamples : numBatches() * batchSize;
    }

    /**
     * The data set indices of epoch {@code epoch} in delivery order (a new array of length {@code N};
     * with {@link LastBatch#DROP} the tail past {@code numBatches()·B} is not delivered).
     */
    public int[] epochOrder(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int[] a = Datasets.identity(numSamples);
        if (order == Order.SHUFFLED) {
            Datasets.shuffle(a, new SplittableRandom(seed ^ mix64(0x9E3779B97F4A7C15L * (epoch + 1L))));
        }
        return a;
    }

    /** Iterates over the batches of epoch {@code epoch}; close it when done (try-with-resources). */
    public BatchIterator epoch(int epoch) {
        int[] ord = epochOrder(epoch);
        return prefetch == 0 ? new Direct(epoch, ord) : new Prefetching(epoch, ord, prefetch);
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds batch {@code k} of an epoch with order {@code ord}; wraps data set failures. */
    private Batch makeBatch(int epoch, int[] ord, int k) {
        int start = k * batchSize;
        int size = Math.min(batchSize, numSamples - start);
        float[] features = new float[size * featureSize];
        int[] labels = new int[size];
        try {
            for (int r = 0; r < size; r++) {
                int idx = ord[start + r];
                labels[r] = dataset.label(idx);
                dataset.copyFeatures(idx, features, r * featureSize);
                if (augmentation != null) {
                    long sampleSeed = mix64(seed ^ mix64(0xD1B54A32D192ED03L * (epoch + 1L)) ^ (start + r + 1L));
                    augmentation.apply(features, r * featureSize, dataset.sampleShape(),
                            new SplittableRandom(sampleSeed));
                }
            }
        } catch (RuntimeException ex) {
            throw new IllegalStateException("loading batch " + k + " of epoch " + epoch + " from data set "
                    + dataset.name() + " failed: " + ex, ex);
        }
        return new Batch(features, labels, size);
    }

    /** The batches of one epoch. {@link #close()} releases the producer thread, if any; it is idempotent. */
    public sealed interface BatchIterator extends Iterator<Batch>, AutoCloseable permits Direct, Prefetching {
        /** The epoch being iterated. */
        int epoch();

        /** Stops iteration; joins the prefetch thread if there is one. Later {@code hasNext()} returns false. */
        @Override
        void close();
    }

    /** Builds each batch on the caller's thread when {@code next()} is called. */
    final class Direct implements BatchIterator {
        private final int epoch;
        private final int[] ord;
        private final int total = numBatches();
        private int k;
        private boolean closed;

        Direct(int epoch, int[] ord) {
            this.epoch = epoch;
            this.ord = ord;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public boolean hasNext() {
            return !closed && k < total;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no more batches (" + total + " delivered or closed)");
            }
            Batch b = makeBatch(epoch, ord, k);
            k++;
            return b;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private sealed interface Item permits Ready, Done, Failed {
    }

    private record Ready(Batch batch) implements Item {
    }

    private record Done() implements Item {
    }

    private record Failed(Throwable error) implements Item {
    }

    /** One producer thread fills a bounded queue; the consumer takes from it. */
    final class Prefetching implements BatchIterator {
        private final int epoch;
        private final int[] ord;
        private final BlockingQueue<Item> queue;
        private final Thread producer;
        private Item pending;
        private boolean finished;

        Prefetching(int epoch, int[] ord, int depth) {
            this.epoch = epoch;
            this.ord = ord;
            this.queue = new ArrayBlockingQueue<>(depth);
            this.producer = Thread.ofPlatform()
                    .daemon(true)
                    .name("snn4j-prefetch-" + THREAD_COUNTER.incrementAndGet() + "-" + dataset.name() + "-e" + epoch)
                    .start(this::produce);
        }

        private void produce() {
            int total = numBatches();
            try {
                for (int k = 0; k < total; k++) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    Batch b;
                    try {
                        b = makeBatch(epoch, ord, k);
                    } catch (Throwable t) {
                        queue.put(new Failed(t));
                        return;
                    }
                    queue.put(new Ready(b));
                }
                queue.put(new Done());
            } catch (InterruptedException e) {
                // close() asked us to stop: exit without delivering more.
            }
        }

        /** The producer thread (for tests and diagnostics). */
        Thread producer() {
            return producer;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public boolean hasNext() {
            if (finished) {
                return false;
            }
            if (pending == null) {
                try {
                    pending = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while waiting for batch of epoch " + epoch + " from " + dataset.name(), e);
                }
            }
            switch (pending) {
                case Ready r -> {
                    return true;
                }
                case Done d -> {
                    close();
                    return false;
                }
                case Failed f -> {
                    close();
                    Throwable t = f.error();
                    if (t instanceof RuntimeException re) {
                        throw re;
                    }
                    if (t instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(t);
                }
            }
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no more batches");
            }
            Batch b = ((Ready) pending).batch();
            pending = null;
            return b;
        }

        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            pending = null;
            producer.interrupt();
            queue.clear();
            boolean interrupted = false;
            while (true) {
                try {
                    producer.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            queue.clear();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builder for {@link DataLoader}; defaults: sequential, seed 0, keep last batch, no limit, no prefetch. */
    public static final class Builder {
        private final Dataset dataset;
        private final int batchSize;
        private Order order = Order.SEQUENTIAL;
        private long seed;
        private LastBatch lastBatch = LastBatch.KEEP;
        private int limit = -1;
        private int prefetch;
        private Augmentation augmentation;

        private Builder(Dataset dataset, int batchSize) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
        }

        public Builder order(Order order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /** Shorthand for {@code order(SHUFFLED).seed(seed)}. */
        public Builder shuffled(long seed) {
            this.order = Order.SHUFFLED;
            this.seed = seed;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder lastBatch(LastBatch lastBatch) {
            this.lastBatch = Objects.requireNonNull(lastBatch, "lastBatch");
            return this;
        }

        /** Use only samples {@code 0 .. limit-1}; {@code limit} in {@code [1, dataset.size()]}. */
        public Builder limit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1, got " + limit);
            }
            this.limit = limit;
            return this;
        }

        /** Batches prepared ahead by a background thread, {@code 0} (off, the default) to 64. */
        public Builder prefetch(int depth) {
            if (depth < 0 || depth > 64) {
                throw new IllegalArgumentException("prefetch depth must lie in [0, 64], got " + depth);
            }
            this.prefetch = depth;
            return this;
        }

        /**
         * Applies a random augmentation to every sample as batches are built, with a generator
         * derived from the seed, the epoch and the sample's position in the epoch (reproducible;
         * different in every epoch). Null (the default) loads samples unchanged.
         */
        public Builder augment(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
