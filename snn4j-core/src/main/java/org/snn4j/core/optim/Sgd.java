package org.snn4j.core.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snn4j.core.Parameter;

/**
 * Stochastic gradient descent with the update of {@code torch.optim.SGD}. Per element, with
 * gradient {@code g}, weight {@code w}, learning rate {@code lr}, momentum μ, dampening d and weight
 * decay λ:
 * <pre>
 *   g ← g + λ·w                                  (only if λ &gt; 0 and the parameter has decay())
 *   if μ &gt; 0:  buf ← g on a parameter's first step, else buf ← μ·buf + (1 − d)·g
 *              g ← g + μ·buf  (Nesterov)   or   g ← buf  (classical)
 *   w ← w − lr·g
 * </pre>
 * Mutates {@link Parameter#value()} only (and bumps its {@link Parameter#version()}; gradients are
 * read, not cleared). The momentum buffer is kept per parameter object (identity). Not thread-safe.
 */
public final class Sgd implements Optimizer {
    /** Stable name. */
    public static final String NAME = "sgd";

    private final SgdConfig config;
    private final Map<Parameter, float[]> buffers = new IdentityHashMap<>();
    private float learningRate;

    public Sgd(SgdConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.learningRate = config.learningRate();
    }

    /** Plain SGD without momentum or weight decay. */
    public Sgd(float learningRate) {
        this(SgdConfig.builder(learningRate).build());
    }

    public SgdConfig config() {
        return config;
    }

    @Override
    public void step(List<Parameter> params) {
        float lr = learningRate;
        float mu = config.momentum();
        float keep = 1f - config.dampening();
        boolean nesterov = config.nesterov() == SgdConfig.NesterovMode.NESTEROV;
        for (Parameter p : params) {
            float[] w = p.value();
            float[] g = p.grad();
            int n = w.length;
            float wd = p.decay() ? config.weightDecay() : 0f;
            p.markModified();
            if (mu == 0f) {
                for (int i = 0; i < n; i++) {
                    float d = g[i] + wd * w[i];
                    w[i] -= lr * d;
                }
                continue;
            }
            float[] buf = buffers.get(p);
            if (buf == null) {
                buf = new float[n];
                buffers.put(p, buf);
                for (int i = 0; i < n; i++) {
                    buf[i] = g[i] + wd * w[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float d = g[i] + wd * w[i];
                    buf[i] = mu * buf[i] + keep * d;
                }
            }
            if (nesterov) {
                for (int i = 0; i < n; i++) {
                    float d = g[i] + wd * w[i];
                    w[i] -= lr * (d + mu * buf[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    w[i] -= lr * buf[i];
                }
            }
        }
    }

    /** Forgets all momentum buffers. */
    public void reset() {
        buffers.clear();
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    /** @param lr finite and ≥ 0 (a schedule may anneal to 0) */
    @Override
    public void setLearningRate(float lr) {
        learningRate = Checks.nonNegativeFinite("learningRate", lr);
    }

    @Override
    public String name() {
        return NAME;
    }
}
