package io.srgan.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.data.ColourMode;
import io.srgan.core.nn.Bf16Scope;
import io.srgan.spark.testing.BuildDirs;
import io.srgan.spark.testing.LocalSpark;
import io.srgan.spark.testing.StandaloneCluster;
import io.srgan.spark.upscale.TestPictures;
import io.srgan.spark.upscale.TinyModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code srgan upscale} as users type it on their machine: plain local paths, and exit codes 0, 1, 2 and 64. */
@ExtendWith(LocalSpark.class)
class UpscaleCommandTest {
    private static Path dir;
    private static Path model;
    private static Path rawOnlyModel;

    @BeforeAll
    static void models() throws Exception {
        dir = BuildDirs.newFolder("upscale-cli", "run-");
        FileSystem local = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        model = dir.resolve("model");
        rawOnlyModel = dir.resolve("model-raw");
        TinyModel.write(local, new org.apache.hadoop.fs.Path(model.toUri()), TinyModel.CONFIG, true);
        TinyModel.write(local, new org.apache.hadoop.fs.Path(rawOnlyModel.toUri()), TinyModel.CONFIG, false);
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run srgan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Srgan.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void oneLocalImageIsUpscaledIntoTheOutputFolder(JavaSparkContext spark) throws Exception {
        Path in = Files.write(Files.createDirectories(dir.resolve("single")).resolve("photo.png"),
                TestPictures.png(20, 24, ColourMode.RGB, 8, 1));
        Path out = dir.resolve("single-out");
        Run run = srgan("upscale", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.size(out.resolve("photo.png")) > 0);
        assertTrue(run.out().contains("1 inputs: 1 succeeded, 0 skipped (already complete), 0 failed"), run.out());
        assertTrue(run.out().contains("(EMA weights)"), run.out());
    }

    @Test
    void aFailedInputMakesExitCodeOne(JavaSparkContext spark) throws Exception {
        Path in = Files.createDirectories(dir.resolve("mixed"));
        Files.write(in.resolve("good.png"), TestPictures.png(16, 16, ColourMode.GRAY, 8, 2));
        Files.write(in.resolve("bad.png"), TestPictures.text());
        Run run = srgan("upscale", "--model", model.toString(), "--input", in.toString(), "--output", dir.resolve("mixed-out").toString(),
                "--raw");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("1 succeeded") && run.out().contains("1 failed (see _errors.jsonl)"), run.out());
        assertTrue(run.out().contains("(raw weights)"), run.out());
        assertTrue(Files.readString(dir.resolve("mixed-out/_errors.jsonl")).contains("bad.png"));
    }

    @Test
    void aJobThatCannotRunIsExitCodeTwoWithTheReason(JavaSparkContext spark) throws Exception {
        Path in = Files.write(Files.createDirectories(dir.resolve("setup")).resolve("a.png"), TestPictures.png(8, 8, ColourMode.RGB, 8, 3));
        Run missing = srgan("upscale", "--model", dir.resolve("no-model").toString(), "--input", in.toString(), "--output",
                dir.resolve("setup-out").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such checkpoint or run folder"), missing.err());

        Run noEma = srgan("upscale", "--model", rawOnlyModel.toString(), "--ema", "--input", in.toString(), "--output",
                dir.resolve("setup-out").toString());
        assertEquals(2, noEma.exitCode());
        assertTrue(noEma.err().contains("has no EMA weights"), noEma.err());

    }

    @Test
    void aBadCommandLineIsAUsageErrorExitCode64() {
        Path in = dir.resolve("setup/a.png");
        Run both = srgan("upscale", "--model", model.toString(), "--ema", "--raw", "--input", in.toString(), "--output", "x");
        assertEquals(ExitCodes.USAGE, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        Run format = srgan("upscale", "--model", model.toString(), "--format", "gif", "--input", in.toString(), "--output", "x");
        assertEquals(ExitCodes.USAGE, format.exitCode());
        assertTrue(format.err().contains("Invalid value for option '--format'"), format.err());

        // no fast fp16 convolution exists in either engine: refused saying so, not silently run in fp32
        Run fp16 = srgan("upscale", "--model", model.toString(), "--precision", "fp16", "--input", in.toString(), "--output", "x");
        assertEquals(ExitCodes.USAGE, fp16.exitCode());
        assertTrue(fp16.err().contains("precision fp16 is not available") && fp16.err().contains("use bf16"), fp16.err());
    }

    @Test
    void int8IsCalibratedOnTheInputsAndSaidInTheSummary(JavaSparkContext spark) throws Exception {
        Path in = Files.createDirectories(dir.resolve("int8"));
        Files.write(in.resolve("a.png"), TestPictures.png(70, 80, ColourMode.RGB, 8, 4));
        Run run = srgan("upscale", "--model", model.toString(), "--precision", "int8", "--input", in.toString(), "--output",
                dir.resolve("int8-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("int8 (calibrated on 4 crops"), run.out());
        assertTrue(Files.readString(dir.resolve("int8-out/_SUMMARY.json")).contains("int8"));
    }

    @Test
    void bf16IsSaidInTheSummary(JavaSparkContext spark) throws Exception {
        Path in = Files.createDirectories(dir.resolve("bf16"));
        Files.write(in.resolve("a.png"), TestPictures.png(30, 26, ColourMode.RGB, 8, 5));
        Run run = srgan("upscale", "--model", model.toString(), "--precision", "bf16", "--input", in.toString(), "--output",
                dir.resolve("bf16-out").toString());
        assertEquals(0, run.exitCode(), run.err());
        boolean bf16 = Bf16Scope.unavailable() == null; // elsewhere the job runs, and says, fp32
        assertEquals(bf16, run.out().contains(", bf16 convolutions"), run.out());
        assertEquals(bf16, Files.readString(dir.resolve("bf16-out/_SUMMARY.json")).contains("bf16 convolutions"));
    }

    /** The promise: --precision bf16 on a CPU without AVX512_BF16 runs fp32 with one warning, never a crash. */
    @Test
    void withoutBf16TheJobRunsAndRecordsFp32WithOneWarning() throws Exception {
        Path in = Files.createDirectories(dir.resolve("cpu-without"));
        Files.write(in.resolve("a.png"), TestPictures.png(30, 26, ColourMode.RGB, 8, 6));
        Path out = dir.resolve("cpu-without-out");
        Path log = dir.resolve("cpu-without.log");
        ProcessBuilder pb = StandaloneCluster.javaProcess(List.of("-Xmx1g", "-Dspark.ui.enabled=false"), System.getProperty("java.class.path"),
                Srgan.class.getName(), List.of("upscale", "--model", model.toString(), "--precision", "bf16", "--input", in.toString(),
                        "--output", out.toString()));
        pb.environment().put("ONEDNN_MAX_CPU_ISA", "AVX512_CORE"); // oneDNN then finds no bf16 instructions on this CPU
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the job did not finish; see " + log);
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        assertEquals(1, output.split(Pattern.quote("--precision bf16: running fp32 instead"), -1).length - 1, "one warning: " + output);
        assertTrue(Files.size(out.resolve("a.png")) > 0);
        assertTrue(!Files.readString(out.resolve("_SUMMARY.json")).contains("bf16 convolutions"), "the summary says fp32");
        String record = Files.readString(out.resolve("_upscale/model.json")).replace(" ", "");
        assertTrue(record.contains("\"precision\":\"fp32\""), "the folder records fp32: " + record);
    }
}
