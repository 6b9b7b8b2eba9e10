package org.snn4j.core.neuron;

import java.util.HashMap;
import java.util.Map;
import org.snn4j.core.neuron.Tape.Node;

/**
 * Unrolled computation graphs of the neuron models on a {@link Tape}: an independent reference for
 * forward values and BPTT gradients. The models are written directly from the equations in the
 * layers' Javadoc, one scalar node per state variable per step.
 */
final class NeuronReference {

    /** What the reference computed: forward values and gradients. */
    record Result(float[] u, float[] s, double[] gradInput, Map<String, double[]> paramGrads) {
    }

    /** Hyper-parameters of a reference run; per-neuron arrays (length N) for β, θ, α. */
    record Config(int steps, int batch, int n, Reset reset, Surrogate surrogate, boolean detachReset,
                  float[] beta, float[] theta, float[] alpha, float gamma, float rho, boolean detachAdaptation,
                  float[] weight, float[] bias) {
    }

    /** The spiking models, and LI: the non-spiking leaky integrator (its output node is its membrane node). */
    enum Model { LIF, SYNAPTIC, ALIF, RLIF, RSYNAPTIC, LI }

    private NeuronReference() {
    }

    static Result run(Model model, Config c, float[] input, float[] gS, float[] gM) {
        return run(model, c, input, gS, gM, false);
    }

    /**
     * {@code immediate} (every model but ALIF): the same-step reset of {@link ResetTiming#IMMEDIATE},
     * applied to the previous membrane before the leak, and never to the synaptic current.
     */
    static Result run(Model model, Config c, float[] input, float[] gS, float[] gM, boolean immediate) {
        return run(model, c, input, gS, gM, immediate, 1);
    }

    /**
     * {@code maxSpikes ≠ 1} (LIF, SYNAPTIC, RLIF, RSYNAPTIC): the spike count {@link Tape#spikeCount} with that cap
     * (0: none) replaces {@code H(U − θ)}; SUBTRACT removes {@code R·θ} with the count {@code R}, ZERO multiplies
     * the membrane (and, DELAYED, the synaptic current) by {@code 1 − [R ≠ 0]} ({@link Tape#indicator}); the
     * recurrent current {@code S[t−1]·V} reads the counts.
     */
    static Result run(Model model, Config c, float[] input, float[] gS, float[] gM, boolean immediate,
                      int maxSpikes) {
        if (maxSpikes != 1 && (model == Model.ALIF || model == Model.LI)) {
            throw new IllegalArgumentException("multi-spike reference: not for " + model);
        }
        if (immediate && model == Model.ALIF) {
            throw new IllegalArgumentException("immediate reset reference: not for ALIF");
        }
        Tape tape = new Tape();
        int lanes = c.batch() * c.n();
        int size = c.steps() * lanes;
        Node[] in = new Node[size];
        for (int i = 0; i < size; i++) {
            in[i] = tape.leaf(input[i]);
        }
        Node[] beta = leaves(tape, c.beta());
        Node[] theta = leaves(tape, c.theta());
        Node[] alpha = c.alpha() == null ? null : leaves(tape, c.alpha());
        Node[] weight = c.weight() == null ? null : leaves(tape, c.weight());
        Node[] bias = c.bias() == null ? null : leaves(tape, c.bias());
        Node[] betaC = new Node[c.n()];
        Node[] alphaC = new Node[c.n()];
        for (int j = 0; j < c.n(); j++) {
            betaC[j] = tape.clamp01(beta[j]);
            alphaC[j] = alpha == null ? null : tape.clamp01(alpha[j]);
        }
        Node[] u = new Node[size];
        Node[] s = new Node[size];
        Node zero = tape.leaf(0f);
        Node rho = tape.leaf(c.rho());
        Node gamma = tape.leaf(c.gamma());
        for (int b = 0; b < c.batch(); b++) {
            Node[] syn = new Node[c.n()];
            Node[] adapt = new Node[c.n()];
            Node[] thPrev = new Node[c.n()];
            for (int j = 0; j < c.n(); j++) {
                syn[j] = zero;
                adapt[j] = zero;
                thPrev[j] = theta[j];
            }
            for (int t = 0; t < c.steps(); t++) {
                for (int j = 0; j < c.n(); j++) {
                    int idx = t * lanes + b * c.n() + j;
                    Node up = t == 0 ? zero : u[idx - lanes];
                    Node sp = t == 0 ? zero : s[idx - lanes];
                    Node r = c.detachReset() ? tape.detach(sp) : sp;
                    Node rz = maxSpikes == 1 ? r : tape.indicator(r);
                    Node thReset = theta[j];
                    Node thFire = theta[j];
                    Node upReset = !immediate ? up : switch (c.reset()) {
                        case SUBTRACT -> tape.sub(up, tape.mul(r, thReset));
                        case ZERO -> tape.mul(up, tape.oneMinus(rz));
                        case NONE -> up;
                    };
                    Node leak = tape.mul(betaC[j], upReset);
                    Node z;
                    switch (model) {
                        case SYNAPTIC -> {
                            Node jt = tape.add(tape.mul(alphaC[j], syn[j]), in[idx]);
                            syn[j] = c.reset() == Reset.ZERO && !immediate ? tape.mul(jt, tape.oneMinus(rz)) : jt;
                            z = tape.add(leak, jt);
                        }
                        case ALIF -> {
                            Node sa = c.detachAdaptation() ? tape.detach(sp) : sp;
                            adapt[j] = tape.add(tape.mul(rho, adapt[j]), sa);
                            thFire = tape.add(theta[j], tape.mul(gamma, adapt[j]));
                            thReset = thPrev[j];
                            thPrev[j] = thFire;
                            z = tape.add(leak, in[idx]);
                        }
                        case RLIF -> {
                            Node q = recurrent(tape, s, weight, t, idx - lanes - j, j, c.n(), zero);
                            z = tape.add(tape.add(tape.add(leak, in[idx]), q), bias == null ? zero : bias[j]);
                        }
                        case RSYNAPTIC -> {
                            Node q = recurrent(tape, s, weight, t, idx - lanes - j, j, c.n(), zero);
                            Node jt = tape.add(tape.add(tape.add(tape.mul(alphaC[j], syn[j]), in[idx]), q),
                                    bias == null ? zero : bias[j]);
                            syn[j] = c.reset() == Reset.ZERO && !immediate ? tape.mul(jt, tape.oneMinus(rz)) : jt;
                            z = tape.add(leak, jt);
                        }
                        case LI -> {
                            Node jt = tape.add(tape.mul(alphaC[j], syn[j]), in[idx]);
                            syn[j] = jt;
                            z = tape.add(leak, jt);
                        }
                        default -> z = tape.add(leak, in[idx]);
                    }
                    Node v = immediate || model == Model.LI ? z : switch (c.reset()) {
                        case SUBTRACT -> tape.sub(z, tape.mul(r, thReset));
                        case ZERO -> tape.mul(z, tape.oneMinus(rz));
                        case NONE -> z;
                    };
                    u[idx] = v;
                    s[idx] = model == Model.LI ? v
                            : maxSpikes == 1 ? tape.spike(tape.sub(v, thFire), c.surrogate())
                            : tape.spikeCount(v, thFire, maxSpikes, c.surrogate());
                }
            }
        }
        float[] uv = new float[size];
        float[] sv = new float[size];
        for (int i = 0; i < size; i++) {
            uv[i] = u[i].value;
            sv[i] = s[i].value;
            if (gM != null) {
                u[i].grad += gM[i];
            }
            if (gS != null) {
                s[i].grad += gS[i];
            }
        }
        tape.backward();
        Map<String, double[]> grads = new HashMap<>();
        grads.put("beta", grads(beta));
        grads.put("threshold", grads(theta));
        if (alpha != null) {
            grads.put("alpha", grads(alpha));
        }
        if (weight != null) {
            grads.put("recurrent_weight", grads(weight));
        }
        if (bias != null) {
            grads.put("recurrent_bias", grads(bias));
        }
        return new Result(uv, sv, grads(in), grads);
    }

    /** {@code Q[t]_j = Σ_i S[t−1]_i·V[i, j]} ({@code rowPrev} = index of {@code S[t−1]_0}); zero at t = 0. */
    private static Node recurrent(Tape tape, Node[] s, Node[] weight, int t, int rowPrev, int j, int n, Node zero) {
        if (t == 0) {
            return zero;
        }
        Node acc = null;
        for (int i = 0; i < n; i++) {
            Node term = tape.mul(s[rowPrev + i], weight[i * n + j]);
            acc = acc == null ? term : tape.add(acc, term);
        }
        return acc;
    }

    private static Node[] leaves(Tape tape, float[] v) {
        Node[] out = new Node[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = tape.leaf(v[i]);
        }
        return out;
    }

    private static double[] grads(Node[] nodes) {
        double[] g = new double[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            g[i] = nodes[i].grad;
        }
        return g;
    }
}
