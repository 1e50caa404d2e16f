package io.flywheel.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyTest {
    private static final int N = 30;

    /** A = BᵀB + I for a random B: symmetric positive definite. */
    private static double[][] spd(Random r) {
        double[][] b = new double[N][N];
        for (double[] row : b) {
            for (int j = 0; j < N; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] a = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < N; k++) {
                    s += b[k][i] * b[k][j];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    /** Full inverse of a by Gauss-Jordan elimination with partial pivoting (independent of L). */
    private static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double d = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    @Test
    void factorReproducesTheMatrix() {
        double[][] a = spd(new Random(1));
        Cholesky c = new Cholesky(a);
        assertThat(c.size()).isEqualTo(N);
        for (int i = 0; i < N; i++) {
            assertThat(c.l[i]).hasSize(i + 1);
            assertThat(c.l[i][i]).isPositive();
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k <= Math.min(i, j); k++) {
                    s += c.l[i][k] * c.l[j][k];
                }
                assertThat(s).as("(L Lᵀ)[%d][%d]", i, j).isCloseTo(a[i][j], within(1e-9));
            }
        }
    }

    @Test
    void solveGivesAxEqualsB() {
        Random r = new Random(2);
        double[][] a = spd(r);
        Cholesky c = new Cholesky(a);
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            b[i] = r.nextGaussian() * 10;
        }
        double[] bCopy = b.clone();
        double[] x = c.solve(b);
        assertThat(b).containsExactly(bCopy);
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int j = 0; j < N; j++) {
                s += a[i][j] * x[j];
            }
            assertThat(s).isCloseTo(b[i], within(1e-9));
        }
    }

    @Test
    void forwardAndBackwardSolveTheTriangles() {
        Random r = new Random(3);
        Cholesky c = new Cholesky(spd(r));
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            b[i] = r.nextGaussian();
        }
        double[] f = c.forward(b);
        double[] g = c.backward(b);
        for (int i = 0; i < N; i++) {
            double lf = 0; // (L f)_i
            double ltg = 0; // (Lᵀ g)_i
            for (int k = 0; k < N; k++) {
                if (k <= i) {
                    lf += c.l[i][k] * f[k];
                }
                if (k >= i) {
                    ltg += c.l[k][i] * g[k];
                }
            }
            assertThat(lf).isCloseTo(b[i], within(1e-9));
            assertThat(ltg).isCloseTo(b[i], within(1e-9));
        }
    }

    @Test
    void inverseColumnsReproduceTheInverse() {
        double[][] a = spd(new Random(4));
        Cholesky c = new Cholesky(a);
        double[][] inv = inverse(a);
        double[][] cols = new double[N][];
        for (int j = 0; j < N; j++) {
            cols[j] = c.inverseColumn(j);
            for (int i = 0; i < j; i++) {
                assertThat(cols[j][i]).isZero();
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                assertThat(Cholesky.inverseEntry(cols[i], cols[j]))
                        .as("A⁻¹[%d][%d]", i, j)
                        .isCloseTo(inv[i][j], within(1e-9));
            }
        }
    }

    @Test
    void onlyTheLowerTriangleIsReadAndTheInputIsKept() {
        double[][] a = spd(new Random(5));
        double[][] garbled = new double[N][];
        for (int i = 0; i < N; i++) {
            garbled[i] = a[i].clone();
            for (int j = i + 1; j < N; j++) {
                garbled[i][j] = 1e6;
            }
        }
        double[][] copy = new double[N][];
        for (int i = 0; i < N; i++) {
            copy[i] = garbled[i].clone();
        }
        Cholesky c1 = new Cholesky(a);
        Cholesky c2 = new Cholesky(garbled);
        for (int i = 0; i < N; i++) {
            assertThat(c2.l[i]).containsExactly(c1.l[i]);
            assertThat(garbled[i]).containsExactly(copy[i]);
        }
    }

    @Test
    void nonPositiveDefiniteThrows() {
        double[][] indefinite = {{1, 2}, {2, 1}}; // eigenvalues 3 and -1
        assertThatThrownBy(() -> new Cholesky(indefinite))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("positive definite");
        double[][] singular = {{1, 1}, {1, 1}};
        assertThatThrownBy(() -> new Cholesky(singular)).isInstanceOf(IllegalStateException.class);
        double[][] negative = {{-1}};
        assertThatThrownBy(() -> new Cholesky(negative)).isInstanceOf(IllegalStateException.class);
    }
}
