package io.srgan.spark.retrain;

import io.srgan.core.metric.DatasetScore;
import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.models.ModelStore;
import io.srgan.spark.train.ValidationSet;
import java.io.IOException;
import java.net.URI;

/**
 * Scores models of the store on the fixed validation set (read once, from any Hadoop URI) the way
 * training validates: mean PSNR-Y and SSIM-Y of the deployable (EMA) generator.
 */
final class ValidationScores {
    private final ValidationSet validation;

    ValidationScores(URI folder, HadoopSettings settings) throws IOException {
        this.validation = ValidationSet.load(folder, settings.toConfiguration());
    }

    int images() {
        return validation.size();
    }

    RunRecord.Score score(ModelStore store, String model) throws IOException {
        DatasetScore s = validation.score(store.generator(model));
        return new RunRecord.Score(model, s.meanPsnrY(), s.meanSsimY());
    }
}
