package io.srgan.spark.retrain;

import io.srgan.core.data.ImageDecoder;
import io.srgan.core.metric.DatasetScore;
import io.srgan.core.metric.SrEvaluator;
import io.srgan.spark.models.ModelStore;
import java.io.IOException;
import java.nio.file.Path;

/** Scores models of the store on the (local copy of the) fixed validation set: mean PSNR-Y and SSIM-Y. */
final class ValidationScores {
    private final Path validation;
    private final ImageDecoder decoder = new ImageDecoder();

    ValidationScores(Path validation) {
        this.validation = validation;
    }

    RunRecord.Score score(ModelStore store, String model) throws IOException {
        DatasetScore s = SrEvaluator.scoreFolder(store.generator(model), validation, decoder);
        return new RunRecord.Score(model, s.meanPsnrY(), s.meanSsimY());
    }
}
