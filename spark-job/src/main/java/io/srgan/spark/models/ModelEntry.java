package io.srgan.spark.models;

import java.net.URI;
import java.util.Map;

/**
 * A model in the store: a complete checkpoint under {@code STORE/models/<id>/}.
 *
 * @param id        the model's name in the store (a retrain run's id for candidates)
 * @param uri       its checkpoint folder ({@code meta.json}, {@code state.npz}, {@code MANIFEST.json})
 * @param step      the training step the checkpoint was taken after
 * @param createdAt when it was committed (ISO-8601)
 * @param metrics   what its manifest records, e.g. the validation PSNR it was promoted or kept on
 */
public record ModelEntry(String id, URI uri, long step, String createdAt, Map<String, Double> metrics) {
}
