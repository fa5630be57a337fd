package io.srgan.spark.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A setting whose value differs between a checkpoint and the run resuming from it.
 *
 * @param recorded    the checkpoint's value, as {@link io.srgan.spark.config.FlatSettings} renders it
 * @param current     the resuming run's value
 * @param safeBecause why the change keeps the resume exact ({@link ResumeRules}), or null when it breaks it
 */
record SettingChange(String key, String recorded, String current, String safeBecause) {
    boolean breaking() {
        return safeBecause == null;
    }

    /** As the {@code resume} line of the metrics lists it. */
    Map<String, Object> logEntry() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("checkpoint", recorded);
        m.put("now", current);
        m.put("exact", !breaking());
        return m;
    }

    @Override
    public String toString() {
        return key + ": " + recorded + " -> " + current + (breaking() ? "" : " (" + safeBecause + ")");
    }
}
