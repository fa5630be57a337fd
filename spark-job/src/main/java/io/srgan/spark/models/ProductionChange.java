package io.srgan.spark.models;

/**
 * One move of the production pointer: an object {@code production/<number>.json} (a line of
 * {@code production.jsonl} in older stores). The newest change is the pointer; the ones before it
 * are how it got there.
 *
 * @param model    the model that became production
 * @param previous the model that was production before (null for the first)
 * @param action   {@code promote} (a retrain run or {@code srgan models promote}) or {@code rollback}
 * @param at       when (ISO-8601)
 * @param by       the run or command that moved it
 * @param reason   why, in words (the metrics for a retrain promotion)
 */
public record ProductionChange(String model, String previous, String action, String at, String by, String reason) {
    public static final String PROMOTE = "promote";
    public static final String ROLLBACK = "rollback";
}
