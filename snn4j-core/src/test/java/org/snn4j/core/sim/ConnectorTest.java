package org.snn4j.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectorTest {
    private final SplittableRandom rng = new SplittableRandom(5);

    @Test
    void allToAllWithAndWithoutDiagonal() {
        Connectivity c = Connector.allToAll(Connector.Diagonal.INCLUDE).connect(4, 3, rng);
        assertThat(c.synapseCount()).isEqualTo(12);
        assertThat(c.isDense()).isTrue();
        Connectivity e = Connector.allToAll(Connector.Diagonal.EXCLUDE).connect(5, 5, rng);
        assertThat(e.synapseCount()).isEqualTo(20);
        for (int i = 0; i < 5; i++) {
            for (int p = e.rowPtr()[i]; p < e.rowPtr()[i + 1]; p++) {
                assertThat(e.columns()[p]).isNotEqualTo(i);
            }
        }
    }

    @Test
    void fixedFanInGivesEachTargetExactlyKDistinctSources() {
        Connectivity c = Connector.fixedFanIn(7, Connector.Diagonal.EXCLUDE).connect(20, 20, rng);
        int[] fanIn = new int[20];
        for (int i = 0; i < 20; i++) {
            for (int p = c.rowPtr()[i]; p < c.rowPtr()[i + 1]; p++) {
                fanIn[c.columns()[p]]++;
                assertThat(c.columns()[p]).isNotEqualTo(i);
            }
        }
        assertThat(fanIn).containsOnly(7);          // the Connectivity constructor already rejects duplicates
        Connectivity all = Connector.fixedFanIn(19, Connector.Diagonal.EXCLUDE).connect(20, 20, rng);
        assertThat(all.synapseCount()).isEqualTo(380);
        assertThatThrownBy(() -> Connector.fixedFanIn(20, Connector.Diagonal.EXCLUDE).connect(20, 20, rng))
                .hasMessageContaining("exceeds");
    }

    @Test
    void fixedProbabilityHasTheExpectedCount() {
        Connectivity c = Connector.fixedProbability(0.02, Connector.Diagonal.EXCLUDE).connect(2000, 2000, rng);
        double pairs = 2000.0 * 1999;
        assertThat((double) c.synapseCount()).isCloseTo(0.02 * pairs, within(5 * Math.sqrt(pairs * 0.02 * 0.98)));
        for (int i = 0; i < 2000; i++) {
            for (int p = c.rowPtr()[i]; p < c.rowPtr()[i + 1]; p++) {
                assertThat(c.columns()[p]).isNotEqualTo(i);
            }
        }
        assertThat(Connector.fixedProbability(1, Connector.Diagonal.INCLUDE).connect(3, 4, rng).synapseCount()).isEqualTo(12);
        assertThat(Connector.fixedProbability(0, Connector.Diagonal.INCLUDE).connect(3, 4, rng).synapseCount()).isZero();
        assertThatThrownBy(() -> Connector.fixedProbability(1.5, Connector.Diagonal.INCLUDE)).hasMessageContaining("[0, 1]");
    }

    @Test
    void listAndMatrixKeepTheirWeights() {
        Connectivity l = Connector.fromList(new int[] {2, 0, 2}, new int[] {1, 3, 0}, new float[] {0.5f, 0.25f, 2f})
                .connect(3, 4, rng);
        assertThat(l.rowPtr()).containsExactly(0, 1, 1, 3);
        assertThat(l.columns()).containsExactly(3, 0, 1);
        assertThat(l.weights()).containsExactly(0.25f, 2f, 0.5f);
        assertThatThrownBy(() -> Connector.fromList(new int[] {1, 1}, new int[] {0, 0}).connect(2, 2, rng))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Connector.fromList(new int[] {5}, new int[] {0}).connect(2, 2, rng))
                .hasMessageContaining("outside");
        Connectivity m = Connector.fromMatrix(new float[] {0, 1.5f, 0, 2, 0, 3}).connect(2, 3, rng);
        assertThat(m.columns()).containsExactly(1, 0, 2);
        assertThat(m.weights()).containsExactly(1.5f, 2f, 3f);
        assertThatThrownBy(() -> Connector.fromMatrix(new float[5]).connect(2, 3, rng)).hasMessageContaining("expected 2 x 3");
    }
}
