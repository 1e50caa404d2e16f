package io.flywheel.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CalibrationTest {
    @Test
    void equalCountBinsOfSortedPredictions() {
        double[] predicted = {9, 1, 8, 2, 7, 3};
        double[] observed = {90, 10, 80, 20, 70, 30};
        Calibration.Bins b = Calibration.of(predicted, observed, 3);
        assertThat(b.rows()).containsExactly(2, 2, 2);
        assertThat(b.predicted()).containsExactly(1.5, 5.0, 8.5);
        assertThat(b.observed()).containsExactly(15.0, 50.0, 85.0);
    }

    @Test
    void moreBinsThanRowsGivesOneRowPerBin() {
        Calibration.Bins b = Calibration.of(new double[] {2, 1}, new double[] {3, 4}, 10);
        assertThat(b.rows()).containsExactly(1, 1);
        assertThat(b.observed()).containsExactly(4.0, 3.0);
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThatThrownBy(() -> Calibration.of(new double[2], new double[3], 2))
                .hasMessage("2 predictions for 3 outcomes");
    }
}
