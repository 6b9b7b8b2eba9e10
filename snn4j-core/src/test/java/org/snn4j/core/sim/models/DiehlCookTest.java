package org.snn4j.core.sim.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.data.Dataset;

class DiehlCookTest {

    /** Two classes on a 4×4 image: class 0 lights the left half, class 1 the right half (some pixels dimmer). */
    static final class Halves implements Dataset {
        private final int size;

        Halves(int size) {
            this.size = size;
        }

        @Override
        public String name() {
            return "halves";
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Shape sampleShape() {
            return Shape.of(1, 4, 4);
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public int label(int index) {
            return index % 2;
        }

        @Override
        public void copyFeatures(int index, float[] dst, int dstOff) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    boolean left = c < 2;
                    dst[dstOff + r * 4 + c] = left == (label(index) == 0) ? (r == index % 4 ? 0.5f : 1f) : 0f;
                }
            }
        }
    }

    private static DiehlCook.Config small(long seed) {
        return DiehlCook.Config.builder().excitatory(6).inputSize(16).stepsPerSample(60).normTotal(40)
                .initialWeightMax(1).seed(seed).build();
    }

    @Test
    void learnsToSeparateTwoPatternsAndKeepsNormalisedWeights() {
        Halves data = new Halves(200);
        DiehlCook net = new DiehlCook(small(3));
        DiehlCook.Training t = net.train(data, 200, 50, DiehlCook.Progress.none());
        assertThat(t.samples()).isEqualTo(200);
        assertThat(t.windowEnd()).containsExactly(100, 150, 200);
        assertThat(t.meanSpikes()).isPositive();
        float[] w = net.inputWeights();
        for (int j = 0; j < 6; j++) {
            double sum = 0;
            for (int i = 0; i < 16; i++) {
                sum += w[i * 6 + j];
                assertThat(w[i * 6 + j]).isBetween(0f, 40f);
            }
            assertThat(sum).isCloseTo(40, within(1e-3));
        }
        DiehlCook.Assignment a = net.labelAssignment(data, 40, DiehlCook.Progress.none());
        assertThat(a.neuronsPerClass()[0]).isPositive();
        assertThat(a.neuronsPerClass()[1]).isPositive();
        DiehlCook.Evaluation e = net.evaluate(new Halves(40), 40, a, DiehlCook.Progress.none());
        assertThat(e.allActivityAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(e.proportionAccuracy()).isGreaterThanOrEqualTo(0.95);
        int total = 0;
        for (int[] row : e.allActivityConfusion()) {
            for (int v : row) {
                total += v;
            }
        }
        assertThat(total).isEqualTo(40);
    }

    @Test
    void labellingAndTestingChangeNeitherWeightsNorThresholdsAndRunsAreReproducible() {
        Halves data = new Halves(60);
        DiehlCook a = new DiehlCook(small(11));
        DiehlCook b = new DiehlCook(small(11));
        a.train(data, 60, 20, DiehlCook.Progress.none());
        b.train(data, 60, 20, DiehlCook.Progress.none());
        assertThat(a.inputWeights()).containsExactly(b.inputWeights());
        assertThat(a.theta()).containsExactly(b.theta());
        assertThat(a.theta()).matches(th -> {
            for (float v : th) {
                if (v > 0) {
                    return true;
                }
            }
            return false;
        }, "some θ grew");
        float[] w = a.inputWeights().clone();
        float[] theta = a.theta().clone();
        DiehlCook.Assignment as = a.labelAssignment(data, 30, DiehlCook.Progress.none());
        DiehlCook.Evaluation e1 = a.evaluate(data, 30, as, DiehlCook.Progress.none());
        assertThat(a.inputWeights()).containsExactly(w);
        assertThat(a.theta()).containsExactly(theta);
        DiehlCook.Assignment bs = b.labelAssignment(data, 30, DiehlCook.Progress.none());
        DiehlCook.Evaluation e2 = b.evaluate(data, 30, bs, DiehlCook.Progress.none());
        assertThat(e2.allActivityConfusion()).isDeepEqualTo(e1.allActivityConfusion());
        assertThat(bs.classOf()).containsExactly(as.classOf());
    }

    @Test
    void assignmentAndBothPredictionSchemesFollowBindsNet() {
        // 3 neurons, 2 classes; neuron 2 never fires (assigned class 0, proportions 0)
        int[][] counts = {{4, 0, 0}, {2, 1, 0}, {0, 3, 0}, {1, 5, 0}};
        int[] labels = {0, 0, 1, 1};
        DiehlCook.Assignment a = DiehlCook.assign(counts, labels, 4, 2, 4, 1.0);
        assertThat(a.classOf()).containsExactly(0, 1, 0);
        assertThat(a.rates()[0]).containsExactly(3.0, 0.5, 0.0);
        assertThat(a.rates()[1]).containsExactly(0.5, 4.0, 0.0);
        assertThat(a.proportions()[0][0]).isCloseTo(3 / 3.5, within(1e-12));
        assertThat(a.proportions()[1][2]).isZero();
        // all activity: class 0 mean over neurons {0, 2} = (2 + 0) / 2 = 1; class 1: 3 → class 1
        assertThat(DiehlCook.predictAllActivity(a, new int[] {2, 3, 0})).isEqualTo(1);
        assertThat(DiehlCook.predictAllActivity(a, new int[] {8, 3, 0})).isEqualTo(0);
        // proportion: class 0: 8·(3/3.5) / 2 = 3.43; class 1: 3·(4/4.5) = 2.67 → 0
        assertThat(DiehlCook.predictProportion(a, new int[] {8, 3, 0})).isEqualTo(0);
        assertThat(DiehlCook.predictProportion(a, new int[] {0, 0, 0})).isEqualTo(0);
    }

    @Test
    void minSpikesRuleRepeatsSilentSamplesAtHigherIntensity() {
        Halves data = new Halves(10);
        DiehlCook.Config quiet = small(5).toBuilder().intensityHz(1).minSpikes(5).intensityStepHz(64).maxRetries(3).build();
        DiehlCook net = new DiehlCook(quiet);
        DiehlCook.Training t = net.train(data, 10, 5, DiehlCook.Progress.none());
        assertThat(t.retries()).isPositive().isLessThanOrEqualTo(30);
        DiehlCook off = new DiehlCook(small(5).toBuilder().intensityHz(1).build());
        assertThat(off.train(data, 10, 5, DiehlCook.Progress.none()).retries()).isZero();
    }

    @Test
    void inputMassScalesEveryImageToTheSamePixelSum() {
        float[] dense = new float[784];
        java.util.Arrays.fill(dense, 0.5f);                 // sum 392
        float[] sparse = new float[784];
        sparse[3] = 1f;
        sparse[700] = 0.25f;                                // sum 1.25
        float[] blank = new float[784];
        DiehlCook.scaleToMass(dense, 100);
        DiehlCook.scaleToMass(sparse, 100);
        DiehlCook.scaleToMass(blank, 100);
        double sumDense = 0;
        for (float p : dense) {
            sumDense += p;
        }
        assertThat(sumDense).isCloseTo(100, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(sparse[3]).isEqualTo(80f);
        assertThat(sparse[700]).isEqualTo(20f);
        assertThat(blank).containsOnly(0f);
    }

    @Test
    void rejectsBadConfigurationAndMismatchedData() {
        assertThatThrownBy(() -> DiehlCook.Config.builder().excitatory(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excitatory");
        assertThatThrownBy(() -> DiehlCook.Config.builder().intensityHz(-1).build()).hasMessageContaining("intensityHz");
        assertThatThrownBy(() -> DiehlCook.Config.builder().plasticity(null).build()).hasMessageContaining("plasticity");
        DiehlCook net = new DiehlCook(DiehlCook.Config.builder().excitatory(2).stepsPerSample(5).build());
        assertThatThrownBy(() -> net.train(new Halves(4), 4, 2, DiehlCook.Progress.none()))
                .hasMessageContaining("16 features").hasMessageContaining("784 inputs");
        DiehlCook ok = new DiehlCook(small(1));
        assertThatThrownBy(() -> ok.train(new Halves(4), 5, 2, DiehlCook.Progress.none())).hasMessageContaining("[1, 4]");
    }
}
