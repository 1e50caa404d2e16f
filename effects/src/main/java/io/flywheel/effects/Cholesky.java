package io.flywheel.effects;

/** Dense Cholesky factor of a symmetric positive-definite matrix, and solves with it. */
final class Cholesky {
    final double[][] l;

    /** Factors {@code a} (only its lower triangle is read; {@code a} is not changed). */
    Cholesky(double[][] a) {
        int n = a.length;
        l = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] li = new double[i + 1];
            l[i] = li;
            for (int j = 0; j <= i; j++) {
                double[] lj = l[j];
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("matrix is not positive definite at " + i);
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
    }

    int size() {
        return l.length;
    }

    /** x with L x = b. */
    double[] forward(double[] b) {
        int n = l.length;
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            double[] li = l[i];
            double s = x[i];
            for (int k = 0; k < i; k++) {
                s -= li[k] * x[k];
            }
            x[i] = s / li[i];
        }
        return x;
    }

    /** x with Lᵀ x = b. */
    double[] backward(double[] b) {
        int n = l.length;
        double[] x = b.clone();
        for (int i = n - 1; i >= 0; i--) {
            x[i] /= l[i][i];
            double xi = x[i];
            double[] li = l[i];
            for (int k = 0; k < i; k++) {
                x[k] -= li[k] * xi;
            }
        }
        return x;
    }

    /** x with (L Lᵀ) x = b. */
    double[] solve(double[] b) {
        return backward(forward(b));
    }

    /** Column j of L⁻¹ (zero above j). */
    double[] inverseColumn(int j) {
        int n = l.length;
        double[] x = new double[n];
        x[j] = 1 / l[j][j];
        for (int i = j + 1; i < n; i++) {
            double[] li = l[i];
            double s = 0;
            for (int k = j; k < i; k++) {
                s -= li[k] * x[k];
            }
            x[i] = s / li[i];
        }
        return x;
    }

    /** (L Lᵀ)⁻¹ entry (i, j) from columns i and j of L⁻¹. */
    static double inverseEntry(double[] columnI, double[] columnJ) {
        double s = 0;
        for (int k = Math.max(first(columnI), first(columnJ)); k < columnI.length; k++) {
            s += columnI[k] * columnJ[k];
        }
        return s;
    }

    private static int first(double[] column) {
        int k = 0;
        while (k < column.length && column[k] == 0) {
            k++;
        }
        return k;
    }
}
