package org.snn4j.core.optim;

import java.util.List;
import org.snn4j.core.Parameter;

/**
 * Updates parameters in place from their accumulated gradients. The learning rate is set by the
 * trainer before each step (from a {@link LearningRateSchedule}); optimiser state (moments) is
 * kept per parameter object.
 */
public interface Optimizer {

    /**
     * Applies one update to {@code params} using {@link Parameter#grad()}; does not clear grads.
     * Implementations call {@link Parameter#markModified()} for every parameter whose values they
     * write, so layers' caches of derived data (e.g. a CSR weight copy) are rebuilt.
     */
    void step(List<Parameter> params);

    float learningRate();

    void setLearningRate(float lr);

    /** Stable name, e.g. {@code "adam"}. */
    String name();
}
