package io.srgan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.srgan.core.nn.Param;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Adam against the textbook algorithm written out on doubles. */
class AdamTest {
    @Test
    void matchesReferenceOverSeveralSteps() {
        double[] w0 = {0.5, -1.0, 2.0};
        Param p = Param.trainable("w", Nd4j.create(w0.clone(), new long[] {3}, DataType.DOUBLE));
        Adam adam = new Adam(new AdamConfig(0.01, 0.9, 0.99, 1e-8), List.of(p));
        double[] w = w0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= 5; t++) {
            double lr = 0.01 * (1.0 / t);
            for (int i = 0; i < 3; i++) {
                double g = 2 * w[i] + i; // gradient of w² + i·w
                p.grad().putScalar(i, g);
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.99 * v[i] + 0.01 * g * g;
                double mh = m[i] / (1 - Math.pow(0.9, t));
                double vh = v[i] / (1 - Math.pow(0.99, t));
                w[i] -= lr * mh / (Math.sqrt(vh) + 1e-8);
            }
            adam.step(lr);
            for (int i = 0; i < 3; i++) assertEquals(w[i], p.value().getDouble(i), 1e-12, "step " + t + " w[" + i + "]");
        }
        assertEquals(5, adam.iteration());
    }

    /** The float kernel (blocks, chunks on threads) gives the same floats as the update written out element by element. */
    @Test
    void floatKernelEqualsTheElementwiseUpdate() {
        int n = 3 * (1 << 16) + 4097; // several chunks, a partial block at the end
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        float[] p = new float[n], g = new float[n], m = new float[n], v = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) r.nextGaussian();
            g[i] = (float) r.nextGaussian();
            m[i] = (float) r.nextGaussian() * 0.1f;
            v[i] = (float) r.nextDouble() * 0.01f;
        }
        var pa = Nd4j.createFromArray(p.clone());
        var ma = Nd4j.createFromArray(m.clone());
        var va = Nd4j.createFromArray(v.clone());
        AdamKernel.update(pa, Nd4j.createFromArray(g), ma, va, 0.9, 0.99, 1e-3, 1e-8);
        float[] pOut = pa.toFloatVector(), mOut = ma.toFloatVector(), vOut = va.toFloatVector();
        float b1 = 0.9f, c1 = (float) (1 - 0.9), b2 = 0.99f, c2 = (float) (1 - 0.99), s = 1e-3f, e = 1e-8f;
        for (int i = 0; i < n; i++) {
            float mi = b1 * m[i] + c1 * g[i];
            float vi = b2 * v[i] + c2 * (g[i] * g[i]);
            float pi = p[i] - s * mi / ((float) Math.sqrt(vi) + e);
            assertEquals(mi, mOut[i], 0f, "m at " + i);
            assertEquals(vi, vOut[i], 0f, "v at " + i);
            assertEquals(pi, pOut[i], 0f, "p at " + i);
        }
    }

    @Test
    void schedules() {
        assertEquals(1.0, LrSchedule.cosine(100, 0.0).factor(0), 1e-12);
        assertEquals(0.5, LrSchedule.cosine(100, 0.0).factor(50), 1e-12);
        assertEquals(0.1, LrSchedule.cosine(100, 0.1).factor(100), 1e-12);
        assertEquals(0.25, LrSchedule.multiStep(new long[] {10, 20}, 0.5).factor(20), 1e-12);
        assertEquals(0.5, LrSchedule.multiStep(new long[] {10, 20}, 0.5).factor(19), 1e-12);
        assertEquals(0.25, LrSchedule.constant().withWarmup(4).factor(0), 1e-12);
        assertEquals(1.0, LrSchedule.constant().withWarmup(4).factor(3), 1e-12);
    }
}
