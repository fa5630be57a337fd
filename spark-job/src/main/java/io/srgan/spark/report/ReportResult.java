package io.srgan.spark.report;

import java.net.URI;
import java.util.List;

/**
 * A written report.
 *
 * @param folder the report folder
 * @param files  the files written there, report.html last
 * @param notes  what was skipped or left out (also in the report and summary.json)
 */
public record ReportResult(URI folder, List<String> files, List<String> notes) {
    public URI html() {
        return folder.resolve(ReportHtml.FILE);
    }
}
