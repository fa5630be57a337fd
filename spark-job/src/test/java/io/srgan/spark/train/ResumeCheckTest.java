package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.checkpoint.CheckpointMeta;
import io.srgan.spark.config.ConfigException;
import io.srgan.spark.config.FlatSettings;
import io.srgan.spark.config.JobConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which setting changes a resume accepts: the classification, the comparison and the refusal message. */
class ResumeCheckTest {

    @Test
    void changesThatBreakExactResumeAreRefusedAndListedWithBothValues() {
        JobConfig written = TinyRuns.config(6);
        JobConfig now = TinyRuns.config(6, "train.batch=4", "seed=7", "generator.arch=srresnet", "cluster.local-steps=3",
                "checkpoint.every=3", "loss.pixel=mse", "optimizer.generator.lr=1e-3");
        ResumeCheck check = ResumeCheck.of(meta(written, Map.of()), now, 2);
        assertEquals(List.of("generator.arch", "loss.pixel", "optimizer.generator.lr", "seed", "train.batch", "cluster.local-steps")
                        .stream().sorted().toList(),
                check.breaking().stream().map(SettingChange::key).sorted().toList());
        ConfigException e = assertThrows(ConfigException.class, () -> check.enforce("run/ckpt-00000006", false));
        assertTrue(e.getMessage().contains("train.batch: 2 -> 4") && e.getMessage().contains("seed: 0 -> 7")
                && e.getMessage().contains("--resume-changed") && e.getMessage().contains("run/ckpt-00000006"), e.getMessage());
        assertDoesNotThrow(() -> check.enforce("run/ckpt-00000006", true));
    }

    @Test
    void cadenceLengthAndOutputSettingsPassWithANote() {
        JobConfig written = TinyRuns.config(6);
        JobConfig now = TinyRuns.config(9, "log-every=5", "validation.every=6", "checkpoint.every=6", "checkpoint.keep-last=9",
                "output=elsewhere", "hadoop.dfs.replication=1", "validation.hr=null", "validation.precision=bf16");
        ResumeCheck check = ResumeCheck.of(meta(written, Map.of()), now, 2);
        assertEquals(List.of(), check.breaking());
        assertEquals(List.of("checkpoint.every", "checkpoint.keep-last", "log-every", "output", "train.steps", "validation.every",
                "validation.hr", "validation.precision"), check.changes().stream().map(SettingChange::key).toList(), "the hadoop block is not recorded");
        assertTrue(check.changes().get(4).toString().startsWith("train.steps: 6 -> 9 ("), check.changes().get(4).toString());
        assertDoesNotThrow(() -> check.enforce("ckpt", false));
    }

    @Test
    void settingsBeingAddedNowAreClassifiedAndAnyOtherNewSettingBreaks() {
        for (String key : List.of("cluster.reducers", "cluster.slice-size", "train.on-divergence", "train.divergence-limit",
                "train.init-from", "train.init-checkpoint", "train.init-discriminator")) {
            assertTrue(ResumeRules.safeBecause(key).isPresent(), key + " does not change what a run that does not diverge computes");
        }
        for (String key : List.of("cluster.reshuffle-every", "optimizer.schedule.gan-warmup-steps", "cluster.partitions",
                "cluster.tree-depth", "generator.growth", "discriminator.arch", "degradation.enabled", "degradation.first.noise-range",
                "some.future-setting")) {
            assertFalse(ResumeRules.safeBecause(key).isPresent(), key + " must break exact resume");
        }
        assertTrue(ResumeRules.safeBecause("hadoop.fs.s3a.endpoint").isPresent());
        assertTrue(ResumeRules.safeBecause("retrain.promote.margin").isPresent());
    }

    @Test
    void aSettingTheCheckpointDidNotRecordCountsAsUnchangedOnlyAtItsDefault() {
        Map<String, String> recorded = Map.of("seed", "0", "train.steps", "6", "cluster.tree-depth", "2");
        Map<String, String> defaults = Map.of("seed", "0", "train.steps", "2000", "train.on-divergence", "stop",
                "cluster.reshuffle-every", "0");
        List<SettingChange> atDefault = ResumeCheck.compare(recorded,
                Map.of("seed", "0", "train.steps", "6", "train.on-divergence", "stop"), defaults);
        assertEquals(List.of("cluster.tree-depth"), atDefault.stream().map(SettingChange::key).toList(),
                "a setting this version dropped is noted");
        assertFalse(atDefault.get(0).breaking());
        List<SettingChange> changed = ResumeCheck.compare(recorded, Map.of("seed", "0", "train.steps", "6",
                "cluster.tree-depth", "2", "train.on-divergence", "halve-lr", "cluster.reshuffle-every", "4"), defaults);
        assertEquals(List.of("cluster.reshuffle-every", "train.on-divergence"), changed.stream().map(SettingChange::key).toList());
        assertTrue(changed.get(0).breaking());
        assertFalse(changed.get(1).breaking());
        assertEquals(List.of(), ResumeCheck.compare(Map.of(), Map.of("seed", "1"), defaults), "an older checkpoint records none");
    }

    /** A setting added with a default that changes an older degraded run's patches is compared with what that run did. */
    @Test
    void settingsAddedWithANewBehaviourBreakTheOlderDegradedRunsTheyWouldChange() {
        Map<String, String> defaults = Map.of("degradation.crop-pad-size", "auto", "degradation.usm.enabled", "true");
        Map<String, String> now = Map.of("seed", "0", "degradation.enabled", "true", "degradation.crop-pad-size", "auto",
                "degradation.usm.enabled", "true");
        List<SettingChange> degraded = ResumeCheck.compare(Map.of("seed", "0", "degradation.enabled", "true"), now, defaults);
        assertEquals(List.of("degradation.crop-pad-size", "degradation.usm.enabled"), degraded.stream().map(SettingChange::key).toList());
        assertTrue(degraded.stream().allMatch(SettingChange::breaking));
        assertTrue(degraded.get(1).toString().contains("false"), degraded.get(1).toString());
        // the same defaults mean nothing to a run on bicubic pairs
        Map<String, String> bicubicNow = new java.util.HashMap<>(now);
        bicubicNow.put("degradation.enabled", "false");
        assertEquals(List.of(), ResumeCheck.compare(Map.of("seed", "0", "degradation.enabled", "false"), bicubicNow, defaults));
        // set back to what the older run did, it resumes
        Map<String, String> asBefore = new java.util.HashMap<>(now);
        asBefore.put("degradation.usm.enabled", "false");
        assertEquals(List.of("degradation.crop-pad-size"), ResumeCheck.compare(Map.of("seed", "0", "degradation.enabled", "true"),
                asBefore, defaults).stream().map(SettingChange::key).toList());
    }

    @Test
    void thePartitionsInEffectAreComparedWithTheCheckpointsCounter() {
        JobConfig config = TinyRuns.config(6, "cluster.partitions=0");
        ResumeCheck check = ResumeCheck.of(meta(config, Map.of(TrainJob.PARTITIONS, 2L)), config, 3);
        assertEquals(List.of(ResumeCheck.PARTITIONS_IN_EFFECT), check.breaking().stream().map(SettingChange::key).toList());
        assertEquals(List.of(), ResumeCheck.of(meta(config, Map.of(TrainJob.PARTITIONS, 3L)), config, 3).changes());
    }

    @Test
    void equalValuesWrittenDifferentlyAreEqual() {
        assertEquals(FlatSettings.of(TinyRuns.config(6, "optimizer.generator.lr=2e-4", "ema-decay=0.90")),
                FlatSettings.of(TinyRuns.config(6, "optimizer.generator.lr=0.0002", "ema-decay=0.9")));
    }

    private static CheckpointMeta meta(JobConfig config, Map<String, Long> counters) {
        Map<String, Long> c = new TreeMap<>(counters);
        c.put("step", 3L);
        return new CheckpointMeta(CheckpointMeta.CURRENT_VERSION, config.train(), c, Map.of(), Map.of(),
                FlatSettings.of(config), null);
    }
}
