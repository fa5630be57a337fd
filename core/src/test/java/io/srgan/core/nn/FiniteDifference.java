package io.srgan.core.nn;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The central finite difference the gradient checks share. */
public final class FiniteDifference {
    private FiniteDifference() {}

    /** (f(v + eps) − f(v − eps)) / 2eps for entry {@code i} of {@code value}, which is restored afterwards. */
    public static double central(INDArray value, long i, double eps, DoubleSupplier objective) {
        double original = value.getDouble(i);
        value.putScalar(i, original + eps);
        double plus = objective.getAsDouble();
        value.putScalar(i, original - eps);
        double minus = objective.getAsDouble();
        value.putScalar(i, original);
        return (plus - minus) / (2 * eps);
    }
}
