package io.srgan.core.train;

import io.srgan.core.arch.Discriminator;
import io.srgan.core.arch.Generator;
import io.srgan.core.arch.Generators;
import io.srgan.core.features.KerasFeatureImport;
import io.srgan.core.features.Preprocessing;
import io.srgan.core.loss.AdversarialLoss;
import io.srgan.core.loss.FeatureMatchingLoss;
import io.srgan.core.loss.LossResult;
import io.srgan.core.loss.PerceptualLoss;
import io.srgan.core.loss.PixelLoss;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Mode;
import io.srgan.core.util.NativeMemory;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The local training step of one JVM: G, D, their optimizers, G's EMA and the step counter.
 *
 * <p>PSNR phase (step &lt; psnrSteps): G only, on the pixel loss. GAN phase: G runs forward once;
 * D is updated on HR (real) against the detached SR (fake); then G is updated on pixel +
 * adversarial (+ feature matching) terms through the updated D, whose own gradients are discarded,
 * plus the perceptual term when configured (features of a frozen network loaded once, here; not
 * part of the training state).
 * Inputs are NHWC float32 batches in [0, 1]: LR [N,p,p,3], HR [N,p·s,p·s,3].
 */
public final class GanTrainer {
    private final TrainConfig config;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Adam adamG;
    private final Adam adamD;
    private final Ema ema;
    private final LrSchedule schedule;
    private final PixelLoss pixelLoss;
    private final AdversarialLoss adversarialLoss;
    private final FeatureMatchingLoss featureMatching;
    private final PerceptualLoss perceptual;
    private final StepMemory memory;
    private long step;

    public GanTrainer(TrainConfig config) {
        this(config, new StepMemory());
    }

    /** With the given step memory ({@link StepMemory#outsideWorkspaces()}: the reference the tests compare with). */
    GanTrainer(TrainConfig config, StepMemory memory) {
        this.config = config;
        this.memory = memory;
        Init init = new Init(config.seed(), DataType.FLOAT);
        this.generator = Generators.build(config.generator(), init);
        this.discriminator = Discriminator.build(config.discriminator(), init);
        this.adamG = new Adam(config.adamG(), generator.trainable());
        this.adamD = new Adam(config.adamD(), discriminator.trainable());
        this.ema = config.emaDecay() > 0 ? new Ema(config.emaDecay(), generator.params()) : null;
        this.schedule = config.schedule().build(config.psnrSteps());
        this.pixelLoss = PixelLoss.byName(config.loss().pixel());
        this.adversarialLoss = AdversarialLoss.byName(config.loss().adversarial());
        this.featureMatching = config.loss().featureMatchingWeight() > 0
                ? new FeatureMatchingLoss(config.loss().featureBlocks()) : null;
        this.perceptual = config.loss().perceptual().enabled() ? perceptualLoss(config.loss().perceptual()) : null;
    }

    /** Loads the frozen feature network (float32, as the generator). Errors name the model file. */
    private static PerceptualLoss perceptualLoss(PerceptualConfig pc) {
        return new PerceptualLoss(KerasFeatureImport.load(pc.model(), pc.layers(), pc.beforeActivation(),
                Preprocessing.byName(pc.preprocessing()), DataType.FLOAT), pc.effectiveLayerWeights(), PixelLoss.byName(pc.criterion()));
    }

    public TrainConfig config() { return config; }
    public Generator generator() { return generator; }
    public Discriminator discriminator() { return discriminator; }
    public Adam adamG() { return adamG; }
    public Adam adamD() { return adamD; }
    /** G's weight average, or null when disabled. */
    public Ema ema() { return ema; }
    public long step() { return step; }
    void setStep(long step) { this.step = step; }

    public boolean inGanPhase() { return step >= config.psnrSteps(); }

    /**
     * Frees the native memory this thread's steps reuse (see {@link StepMemory}); the next step
     * allocates it again. For when this thread is done training for a while.
     */
    public void releaseStepMemory() { memory.release(); }

    /** One step of whichever phase the counter is in. */
    public StepMetrics step(INDArray lr, INDArray hr) {
        return step(lr, hr, null);
    }

    /**
     * One step, where the losses {@link LossConfig#sharpened()} names compare with {@code hrSharp}
     * (the unsharp-masked HR the LR was made from) when it is given.
     */
    public StepMetrics step(INDArray lr, INDArray hr, INDArray hrSharp) {
        SharpenedTargets use = config.loss().sharpened();
        Targets targets = hrSharp == null ? new Targets(hr, hr, hr)
                : new Targets(use.pixel() ? hrSharp : hr, use.perceptual() ? hrSharp : hr, use.gan() ? hrSharp : hr);
        try {
            StepMetrics metrics;
            if (inGanPhase()) {
                metrics = ganStep(lr, targets);
                if (ema != null) ema.update(step);
                NativeMemory.release();
            } else {
                // the PSNR step in a reused workspace; the GAN step is left to the GC (see StepMemory)
                try (MemoryWorkspace ignored = memory.enter()) {
                    metrics = psnrStep(lr, targets.pixel());
                    if (ema != null) ema.update(step);
                }
                memory.afterStep();
            }
            step++;
            return metrics;
        } catch (RuntimeException e) {
            generator.clearCache();
            discriminator.clearCache();
            memory.release(); // a block sized by a step cut short would be too small for good
            throw e;
        }
    }

    private StepMetrics psnrStep(INDArray lr, INDArray hr) {
        double lrG = config.adamG().lr() * schedule.factor(step);
        generator.zeroGrad();
        try (INDArray sr = generator.forward(lr, Mode.TRAIN);
             LossResult pix = pixelLoss.compute(sr, hr)) {
            pix.grad().muli(config.loss().pixelWeight());
            generator.backwardFrom(pix.grad());
            adamG.step(lrG);
            return new StepMetrics().put("l_g_pix", pix.value()).put("l_g_total", config.loss().pixelWeight() * pix.value())
                    .put("lr_g", lrG);
        }
    }

    /** What each loss compares with. */
    private record Targets(INDArray pixel, INDArray perceptual, INDArray real) {}

    private StepMetrics ganStep(INDArray lr, Targets hr) {
        double factor = schedule.factor(step);
        double lrG = config.adamG().lr() * factor;
        double lrD = config.adamD().lr() * factor;
        StepMetrics metrics = new StepMetrics();
        generator.zeroGrad();
        try (INDArray sr = generator.forward(lr, Mode.TRAIN)) {
            updateDiscriminator(hr.real(), sr, lrD, metrics);
            NativeMemory.release();
            updateGenerator(hr, sr, lrG, metrics);
        }
        return metrics.put("lr_g", lrG).put("lr_d", lrD);
    }

    /** D step on real HR against the SR batch as a constant. */
    private void updateDiscriminator(INDArray hr, INDArray sr, double lrD, StepMetrics metrics) {
        discriminator.zeroGrad();
        try (INDArray realLogits = discriminator.forward(hr, Mode.TRAIN);
             INDArray fakeLogits = discriminator.forward(sr, Mode.TRAIN)) {
            double[] real = AdversarialLoss.values(realLogits);
            double[] fake = AdversarialLoss.values(fakeLogits);
            AdversarialLoss.DiscriminatorLoss loss = adversarialLoss.discriminator(real, fake);
            try (INDArray gFake = AdversarialLoss.gradientLike(loss.gradFake(), fakeLogits);
                 INDArray gReal = AdversarialLoss.gradientLike(loss.gradReal(), realLogits)) {
                discriminator.backwardParamsOnly(gFake); // last in, first out
                discriminator.backwardParamsOnly(gReal);
            }
            adamD.step(lrD);
            metrics.put("l_d_real", loss.realTerm()).put("l_d_fake", loss.fakeTerm())
                    .put("out_d_real", AdversarialLoss.mean(real)).put("out_d_fake", AdversarialLoss.mean(fake));
        }
    }

    /** G step through the (now updated) D, which only passes the gradient on to SR: its parameters get none. */
    private void updateGenerator(Targets hr, INDArray sr, double lrG, StepMetrics metrics) {
        LossConfig lc = config.loss();
        // first, so that its large activations are gone before D's are made
        LossResult perc = perceptual == null ? null : perceptual.compute(sr, hr.perceptual());
        if (perc != null) NativeMemory.release();
        boolean needReal = adversarialLoss.generatorNeedsReal() || featureMatching != null;
        Discriminator.Outputs real = null;
        try (perc; LossResult pix = pixelLoss.compute(sr, hr.pixel())) {
            if (needReal) real = discriminator.forwardWithFeatures(hr.real(), Mode.TRAIN_NO_GRAD);
            Discriminator.Outputs fake = discriminator.forwardWithFeatures(sr, Mode.TRAIN_INPUT_GRAD);
            double[] fakeLogits = AdversarialLoss.values(fake.logits());
            double[] realLogits = real == null ? null : AdversarialLoss.values(real.logits());
            AdversarialLoss.GeneratorLoss adv = adversarialLoss.generator(realLogits, fakeLogits);
            double fmValue = 0;
            List<INDArray> featureGrads = null;
            FeatureMatchingLoss.Result fm = null;
            if (featureMatching != null) {
                fm = featureMatching.compute(fake.features(), real.features());
                fm.grads().stream().filter(g -> g != null).forEach(g -> g.muli(lc.featureMatchingWeight()));
                featureGrads = fm.grads();
                fmValue = fm.value();
            }
            INDArray gradSr;
            try (INDArray gLogits = AdversarialLoss.gradientLike(adv.gradFake(), fake.logits()).muli(lc.adversarialWeight())) {
                gradSr = discriminator.backward(gLogits, featureGrads);
            } finally {
                fake.logits().close();
                if (fm != null) fm.close();
            }
            gradSr.addi(pix.grad().muli(lc.pixelWeight()));
            if (perc != null) gradSr.addi(perc.grad().muli(lc.perceptual().weight()));
            generator.backwardFrom(gradSr);
            gradSr.close();
            adamG.step(lrG);
            double total = lc.pixelWeight() * pix.value() + lc.adversarialWeight() * adv.value()
                    + lc.featureMatchingWeight() * fmValue + (perc == null ? 0 : lc.perceptual().weight() * perc.value());
            metrics.put("l_g_pix", pix.value()).put("l_g_gan", adv.value());
            if (featureMatching != null) metrics.put("l_g_fm", fmValue);
            if (perc != null) metrics.put("l_g_perc", perc.value());
            metrics.put("l_g_total", total);
        } finally {
            if (real != null) real.closeAll();
        }
    }
}
