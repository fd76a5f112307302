package org.xbarsim.nn;

import java.util.Arrays;

/**
 * A dense tensor of doubles, row-major (the last dimension varies fastest), as ONNX lays
 * tensors out: images are N x C x H x W.
 *
 * @param shape the dimensions
 * @param data  the values, length the product of the dimensions
 */
public record Tensor(int[] shape, double[] data) {
    public Tensor {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, data has "
                    + data.length);
        }
    }

    /** A zero tensor of the given shape. */
    public static Tensor zeros(int... shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        return new Tensor(shape.clone(), new double[Math.toIntExact(size)]);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The same values under another shape of the same size. */
    public Tensor reshape(int... newShape) {
        return new Tensor(newShape.clone(), data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }
}
