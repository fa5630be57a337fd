package io.srgan.spark.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.S3Bucket;
import io.srgan.spark.testing.S3Proxy;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real training run on local Spark into S3 with the bucket's keys and other credentials handed to
 * the job as {@code spark.hadoop.*} properties would be: none of them reaches a file of the run
 * folder (config.json, checkpoints' meta.json, metrics, samples, the report), the job's logs and
 * console, or what the Spark UI shows of its jobs and stages.
 */
@ExtendWith({LocalSpark.class, S3Proxy.class})
class TrainJobSecretsTest {

    /** Everything Spark's UI would show of the jobs and stages the run starts. */
    private static final class UiRecorder extends SparkListener {
        final List<String> shown = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            shown.add(String.valueOf(job.properties()));
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted stage) {
            shown.add(stage.stageInfo().name() + " " + stage.stageInfo().details() + " " + stage.properties()
                    + " " + stage.stageInfo().accumulables());
        }
    }

    @Test
    void noCredentialReachesTheRunFolderLogsOrSparkUi(JavaSparkContext sc, S3Bucket bucket) throws Exception {
        Map<String, String> credentials = new TreeMap<>(Map.of(
                "fs.azure.account.key.acct.dfs.core.windows.net", "SECRET-AZURE-7f3a",
                "fs.s3a.bucket.another-bucket.encryption.key", "SECRET-SSEC-91b2",
                "fs.gs.auth.service.account.private.key", "SECRET-GCS-4c5d",
                "fs.azure.account.oauth2.refresh.token", "SECRET-REFRESH-0e6f"));
        HadoopSettings settings = bucket.settings().withAll(credentials);
        List<String> secrets = new ArrayList<>(credentials.values());
        secrets.add(bucket.secretKey()); // (its access key is an identity, here the bucket's name, which run URIs show)

        URI run = bucket.uri("secrets-" + System.nanoTime() + "/");
        UiRecorder ui = new UiRecorder();
        StringWriter logs = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.createAppender(PatternLayout.createDefaultLayout(), null, logs, "secrets", false, true);
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("io.srgan", Level.ALL);
        PrintStream out = System.out;
        PrintStream err = System.err;
        sc.sc().addSparkListener(ui);
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
            new TrainJob(TinyRuns.config(3), run, settings).run(false);
            sc.sc().listenerBus().waitUntilEmpty();
        } finally {
            sc.sc().removeSparkListener(ui);
            System.setOut(out);
            System.setErr(err);
            Configurator.setLevel("io.srgan", Level.INFO);
            context.getConfiguration().getRootLogger().removeAppender("secrets");
            context.updateLoggers();
            appender.stop();
        }

        Map<String, String> files = new TreeMap<>();
        try (FileSystem fs = FileSystem.newInstance(run, settings.toConfiguration())) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(run), true);
            while (it.hasNext()) {
                org.apache.hadoop.fs.Path p = it.next().getPath();
                try (InputStream in = fs.open(p)) {
                    files.put(run.relativize(p.toUri()).toString(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertTrue(files.keySet().containsAll(List.of("config.json", "metrics.jsonl", "ckpt-00000003/meta.json",
                "report/report.html", "report/summary.json")), files.keySet().toString());
        assertTrue(logs.toString().contains("checkpoint") && console.toString().contains("training"), "logs and console captured");
        assertFalse(ui.shown.isEmpty(), "Spark jobs recorded");
        for (String secret : secrets) {
            files.forEach((name, content) -> assertFalse(content.contains(secret), name + " holds a credential"));
            assertFalse(logs.toString().contains(secret), "a log line holds a credential");
            assertFalse(console.toString().contains(secret), "the console shows a credential");
            ui.shown.forEach(s -> assertFalse(s.contains(secret), "the Spark UI shows a credential: " + s));
            for (scala.Tuple2<String, String> kv : sc.getConf().getAll()) {
                assertFalse(kv._2().contains(secret), "the job put a credential into Spark property " + kv._1());
            }
        }
    }
}
