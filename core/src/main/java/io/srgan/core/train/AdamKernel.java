package io.srgan.core.train;

import io.srgan.core.nn.KernelSupport;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One fused pass of Adam's update over a parameter, its gradient and both moments:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − s·m/(√v + ε̂). As separate ND4J ops this took
 * ten passes and five temporary arrays per parameter, which on the discriminator's 5 M weights
 * cost more than its smaller convolutions. All four arrays must be contiguous and of one type.
 */
final class AdamKernel {
    private AdamKernel() {}

    static void update(INDArray param, INDArray grad, INDArray m, INDArray v, double beta1, double beta2,
                       double stepSize, double epsHat) {
        for (INDArray a : new INDArray[] {param, grad, m, v}) {
            if (!KernelSupport.writable(a) || a.dataType() != param.dataType() || a.length() != param.length()) {
                throw new IllegalArgumentException("Adam needs contiguous arrays of one type and length");
            }
        }
        int n = Math.toIntExact(param.length());
        if (param.dataType() == DataType.FLOAT) {
            FloatBuffer p = KernelSupport.floats(param), g = KernelSupport.floats(grad);
            FloatBuffer ms = KernelSupport.floats(m), vs = KernelSupport.floats(v);
            float b1 = (float) beta1, c1 = (float) (1 - beta1), b2 = (float) beta2, c2 = (float) (1 - beta2);
            float s = (float) stepSize, e = (float) epsHat;
            int block = KernelSupport.block(1);
            KernelSupport.chunks(n, 1, (lo, hi) -> { // block by block through arrays C2 vectorises (see KernelSupport.block)
                float[] tp = KernelSupport.scratch(0, block), tg = KernelSupport.scratch(1, block);
                float[] tm = KernelSupport.scratch(2, block), tv = KernelSupport.scratch(3, block);
                for (int at = lo; at < hi; at += block) {
                    int len = Math.min(block, hi - at);
                    p.get(at, tp, 0, len);
                    g.get(at, tg, 0, len);
                    ms.get(at, tm, 0, len);
                    vs.get(at, tv, 0, len);
                    for (int i = 0; i < len; i++) {
                        float gi = tg[i];
                        float mi = b1 * tm[i] + c1 * gi;
                        float vi = b2 * tv[i] + c2 * (gi * gi);
                        tm[i] = mi;
                        tv[i] = vi;
                        tp[i] = tp[i] - s * mi / ((float) Math.sqrt(vi) + e);
                    }
                    ms.put(at, tm, 0, len);
                    vs.put(at, tv, 0, len);
                    p.put(at, tp, 0, len);
                }
            });
        } else {
            DoubleBuffer p = KernelSupport.doubles(param), g = KernelSupport.doubles(grad);
            DoubleBuffer ms = KernelSupport.doubles(m), vs = KernelSupport.doubles(v);
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double gi = g.get(i);
                    double mi = beta1 * ms.get(i) + (1 - beta1) * gi;
                    double vi = beta2 * vs.get(i) + (1 - beta2) * (gi * gi);
                    ms.put(i, mi);
                    vs.put(i, vi);
                    p.put(i, p.get(i) - stepSize * mi / (Math.sqrt(vi) + epsHat));
                }
            });
        }
    }
}
