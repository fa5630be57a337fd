package io.srgan.spark.train;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.config.FlatSettings;
import io.srgan.spark.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares a resuming run's settings with those its checkpoint recorded ({@code meta.json}) and
 * decides, by {@link ResumeRules}, whether the resume is exact. A setting the checkpoint did not
 * record (one added by a later version) counts as unchanged while it has its default; the number of
 * partitions in effect (0 means Spark's default parallelism) is compared too.
 */
final class ResumeCheck {
    static final String PARTITIONS_IN_EFFECT = "cluster.partitions (in effect)";
    private static final String NOT_RECORDED = "(not recorded)";

    private final List<SettingChange> changes;
    private final boolean recorded;

    private ResumeCheck(List<SettingChange> changes, boolean recorded) {
        this.changes = List.copyOf(changes);
        this.recorded = recorded;
    }

    /**
     * @param partitions the partitions the resuming run will use; compared with the checkpoint's
     *                   {@code partitions} counter when it has one
     */
    static ResumeCheck of(CheckpointMeta meta, JobConfig config, int partitions) {
        List<SettingChange> changes = compare(meta.settings(), FlatSettings.of(config), FlatSettings.defaults());
        Long before = meta.counters().get(TrainJob.PARTITIONS);
        if (before != null && before != partitions) {
            changes.add(new SettingChange(PARTITIONS_IN_EFFECT, before.toString(), Integer.toString(partitions), null));
        }
        return new ResumeCheck(changes, !meta.settings().isEmpty());
    }

    /** Every setting that differs, in key order; an empty {@code recorded} (an older checkpoint) gives none. */
    static List<SettingChange> compare(Map<String, String> recorded, Map<String, String> current, Map<String, String> defaults) {
        List<SettingChange> changes = new ArrayList<>();
        if (recorded.isEmpty()) return changes;
        TreeSet<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(current.keySet());
        for (String key : keys) {
            String before = recorded.get(key);
            String now = current.get(key);
            if (now == null) {
                changes.add(new SettingChange(key, before, NOT_RECORDED, "no longer a setting of this version"));
            } else if (before == null) {
                Optional<String> earlier = ResumeRules.beforeItExisted(key, recorded);
                if (earlier.isPresent()) {
                    if (!now.equals(earlier.get())) {
                        changes.add(new SettingChange(key, earlier.get(), now, ResumeRules.safeBecause(key).orElse(null)));
                    }
                } else if (!now.equals(defaults.get(key))) {
                    changes.add(new SettingChange(key, NOT_RECORDED, now, ResumeRules.safeBecause(key).orElse(null)));
                }
            } else if (!before.equals(now)) {
                changes.add(new SettingChange(key, before, now, ResumeRules.safeBecause(key).orElse(null)));
            }
        }
        return changes;
    }

    List<SettingChange> changes() {
        return changes;
    }

    /** False for checkpoints written before settings were recorded: then only tensor shapes are checked. */
    boolean recorded() {
        return recorded;
    }

    List<SettingChange> breaking() {
        return changes.stream().filter(SettingChange::breaking).toList();
    }

    /** Refuses a resume that breaks exactness, naming each change, unless {@code acceptChanges}. */
    void enforce(String checkpoint, boolean acceptChanges) {
        List<SettingChange> breaking = breaking();
        if (breaking.isEmpty() || acceptChanges) return;
        throw new ConfigException("cannot resume from " + checkpoint + " exactly: these settings differ from the ones it was"
                + " written with (setting: checkpoint -> now):\n  " + breaking.stream().map(SettingChange::toString)
                .collect(Collectors.joining("\n  ")) + "\nset them back, or pass --resume-changed to continue with the new"
                + " values (the run will then differ from an uninterrupted one)");
    }
}
