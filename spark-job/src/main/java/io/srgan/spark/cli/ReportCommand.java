package io.srgan.spark.cli;

import io.srgan.spark.io.HadoopSettings;
import io.srgan.spark.io.Secrets;
import io.srgan.spark.report.ReportResult;
import io.srgan.spark.report.RunReport;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code srgan report}: the training report of a run folder (charts, validation crops, summary). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render a run's training report: report.html (self-contained), PNG charts, crops.png (and crops_degraded.png"
                + " for a run with degradation.enabled), summary.json.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_URI", description = "run folder: a local path, file://, hdfs:// or s3a:// URI")
    String run;

    @Option(names = "--output", paramLabel = "DIR", description = "report folder (default: RUN_URI/report/)")
    String output;

    @Option(names = "--hadoop", paramLabel = "KEY=VALUE",
            description = {"Hadoop client setting, e.g. --hadoop fs.s3a.endpoint=http://host:9000 (repeatable).",
                    "Never credentials (a command line shows in ps and shell history): see deploy/README.md."})
    Map<String, String> hadoop = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HadoopSettings settings;
        try {
            Secrets.refuse(hadoop, "--hadoop");
            settings = HadoopSettings.of(hadoop);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ReportResult result = RunReport.render(toUri(run), settings, output == null ? null : toUri(output));
        result.notes().forEach(n -> System.out.println("note: " + n));
        System.out.println("report: " + result.html());
        return 0;
    }

    /** A URI with a scheme as given; anything else is a local path. */
    static URI toUri(String location) {
        return location.matches("[a-zA-Z][a-zA-Z0-9+.-]*:/.*") ? URI.create(location) : Path.of(location).toAbsolutePath().toUri();
    }
}
