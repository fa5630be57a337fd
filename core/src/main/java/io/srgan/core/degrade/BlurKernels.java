package io.srgan.core.degrade;

/**
 * The closed-form blur kernels of BasicSR's {@code degradations.py}, each normalised to sum 1.
 * With offset (x, y) from the centre (x along columns) and the rotated covariance
 * {@code Σ = R(θ) diag(σx², σy²) R(θ)ᵀ}, the quadratic form is {@code q = [x y] Σ⁻¹ [x y]ᵀ}:
 * <ul>
 *   <li>Gaussian: {@code exp(-q/2)}</li>
 *   <li>generalized Gaussian: {@code exp(-q^β / 2)} (BasicSR's form: the 1/2 sits outside the power)</li>
 *   <li>plateau: {@code 1 / (1 + q^β)}</li>
 *   <li>sinc (circular low-pass): {@code ωc J1(ωc r) / (2π r)}, {@code ωc² / (4π)} at r = 0</li>
 * </ul>
 * StrictMath throughout, so a kernel is bit-identical on every JVM and JIT state (determinism per seed).
 */
public final class BlurKernels {
    private BlurKernels() {}

    /**
     * The isotropic Gaussian, {@code anisotropicGaussian(size, sigma, sigma, any θ)} up to float
     * rounding, built as the separable kernel it is: filtering with it takes 2·size instead of size²
     * multiply-adds a sample (Real-ESRGAN's most frequent blur).
     */
    public static Kernel2D isotropicGaussian(int size, double sigma) {
        checkSize(size);
        positive("sigma", sigma);
        int r = size / 2;
        double[] g = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            g[i] = StrictMath.exp(-0.5 * (i - r) * (i - r) / (sigma * sigma));
            sum += g[i];
        }
        float[] taps = new float[size];
        for (int i = 0; i < size; i++) {
            taps[i] = (float) (g[i] / sum);
        }
        return Kernel2D.separable(taps);
    }

    /**
     * @param theta radians; the sigma_x axis points along (cos θ, sin θ) in (x, y) = (column, row)
     *              offsets, so θ = π/2 puts sigma_x down the rows (BasicSR's {@code sigma_matrix2})
     */
    public static Kernel2D anisotropicGaussian(int size, double sigmaX, double sigmaY, double theta) {
        return shaped(size, sigmaX, sigmaY, theta, q -> StrictMath.exp(-0.5 * q));
    }

    public static Kernel2D generalizedGaussian(int size, double sigmaX, double sigmaY, double theta, double beta) {
        positive("beta", beta);
        return shaped(size, sigmaX, sigmaY, theta, q -> StrictMath.exp(-0.5 * StrictMath.pow(q, beta)));
    }

    public static Kernel2D plateau(int size, double sigmaX, double sigmaY, double theta, double beta) {
        positive("beta", beta);
        return shaped(size, sigmaX, sigmaY, theta, q -> 1.0 / (StrictMath.pow(q, beta) + 1.0));
    }

    /** 2-D sinc, the ideal circular low-pass with cutoff {@code cutoff} radians/pixel (π = Nyquist). */
    public static Kernel2D sinc(int size, double cutoff) {
        checkSize(size);
        if (!(cutoff > 0 && cutoff <= Math.PI)) {
            throw new IllegalArgumentException("sinc cutoff must be in (0, pi], got " + cutoff);
        }
        int r = size / 2;
        double[] byR2 = new double[2 * r * r + 1]; // J1 once per distinct squared radius
        boolean[] known = new boolean[byR2.length];
        double[] k = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int r2 = (i - r) * (i - r) + (j - r) * (j - r);
                if (!known[r2]) {
                    double dist = StrictMath.sqrt(r2);
                    byR2[r2] = r2 == 0 ? cutoff * cutoff / (4 * Math.PI)
                            : cutoff * besselJ1(cutoff * dist) / (2 * Math.PI * dist);
                    known[r2] = true;
                }
                k[i * size + j] = byR2[r2];
            }
        }
        return normalised(size, k);
    }

    /**
     * Bessel J1 by Bessel's integral {@code (1/π) ∫₀^π cos(τ - x sin τ) dτ}. The integrand is smooth
     * and even-periodic, so the trapezoid rule converges geometrically; 96 nodes give ~1e-15 for
     * the |x| <= 45 a 21×21 kernel needs (and stay accurate to about |x| = 80).
     */
    static double besselJ1(double x) {
        final int n = 96;
        double h = Math.PI / n;
        double sum = 0.5 * (StrictMath.cos(0) + StrictMath.cos(Math.PI)); // τ = 0 and τ = π: cos 0 = 1, cos π = -1
        for (int i = 1; i < n; i++) {
            double t = i * h;
            sum += StrictMath.cos(t - x * StrictMath.sin(t));
        }
        return sum * h / Math.PI;
    }

    private interface Profile {
        double of(double q);
    }

    private static Kernel2D shaped(int size, double sigmaX, double sigmaY, double theta, Profile profile) {
        checkSize(size);
        positive("sigmaX", sigmaX);
        positive("sigmaY", sigmaY);
        if (!Double.isFinite(theta)) {
            throw new IllegalArgumentException("rotation must be finite, got " + theta);
        }
        double c = StrictMath.cos(theta);
        double s = StrictMath.sin(theta);
        double ix = 1.0 / (sigmaX * sigmaX);
        double iy = 1.0 / (sigmaY * sigmaY);
        int r = size / 2;
        double[] k = new double[size * size];
        for (int row = 0; row < size; row++) {
            double y = row - r;
            for (int col = 0; col < size; col++) {
                double x = col - r;
                double u = c * x + s * y; // coordinates along the rotated axes: Rᵀ [x y]ᵀ
                double v = -s * x + c * y;
                k[row * size + col] = profile.of(u * u * ix + v * v * iy);
            }
        }
        return normalised(size, k);
    }

    private static Kernel2D normalised(int size, double[] k) {
        double sum = 0;
        for (double v : k) {
            sum += v;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("kernel does not normalise (sum " + sum + "): parameters out of range");
        }
        float[] w = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            w[i] = (float) (k[i] / sum);
        }
        return new Kernel2D(size, w);
    }

    private static void checkSize(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and >= 1, got " + size);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }
}
