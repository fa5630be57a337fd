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
