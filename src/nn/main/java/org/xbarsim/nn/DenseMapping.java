package org.xbarsim.nn;

/**
 * Dense mapping (paper 002 section 3.1, Fig. 4; DESIGN section 6): each 3-D kernel is unrolled
 * into one column (channel by channel, each channel row by row), and each input window is
 * unrolled in the same order into one input vector, so that a convolution becomes the matrix
 * product of the windows with the kernel matrix.
 */
public final class DenseMapping {
    private DenseMapping() {
    }

    /** Kernel W [M, C, kh, kw] as a (C kh kw) x M matrix [input][output]. */
    public static double[][] kernelMatrix(Tensor w) {
        int m = w.dim(0);
        int rows = w.size() / m;
        double[][] a = new double[rows][m];
        for (int o = 0; o < m; o++) {
            for (int r = 0; r < rows; r++) {
                a[r][o] = w.data()[o * rows + r];
            }
        }
        return a;
    }

    /** A Gemm weight B (K x N, or N x K when transposed) as a K x N matrix [input][output]. */
    public static double[][] gemmMatrix(Tensor b, boolean transB) {
        int k = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        double[][] a = new double[k][n];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = transB ? b.data()[j * k + i] : b.data()[i * n + j];
            }
        }
        return a;
    }

    /**
     * Every window of image s of x [N, C, H, W] for a kh x kw kernel, unrolled in the kernel
     * matrix's row order: (Ho Wo) x (C kh kw), windows row by row; padding reads 0.
     */
    public static double[][] windows(Tensor x, int s, int kh, int kw, int[] strides, int[] pads) {
        int c = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int ho = (h + pads[0] + pads[2] - kh) / strides[0] + 1;
        int wo = (wd + pads[1] + pads[3] - kw) / strides[1] + 1;
        double[][] out = new double[ho * wo][c * kh * kw];
        for (int i = 0; i < ho; i++) {
            for (int j = 0; j < wo; j++) {
                double[] row = out[i * wo + j];
                int k = 0;
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < kh; p++) {
                        int r = i * strides[0] - pads[0] + p;
                        for (int q = 0; q < kw; q++) {
                            int col = j * strides[1] - pads[1] + q;
                            row[k++] = r >= 0 && r < h && col >= 0 && col < wd ? x.data()[((s * c + ch) * h + r) * wd + col] : 0;
                        }
                    }
                }
            }
        }
        return out;
    }
}
