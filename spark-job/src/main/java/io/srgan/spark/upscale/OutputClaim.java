package io.srgan.spark.upscale;

import java.util.List;
import java.util.Optional;

/**
 * Whether a job may write into an output folder, and how: the folder's outputs must all come from one
 * model with one set of settings ({@link ModelRecord}).
 * <ul>
 *   <li>no record and no outputs: a new folder, the job records its model;</li>
 *   <li>the same model and settings: complete outputs are skipped (a rerun finishes a killed job);</li>
 *   <li>another model or other settings, or outputs without a record: refused unless
 *       {@code --overwrite}, which redoes every output — unless the folder holds no outputs at all
 *       (the recorded job stopped before writing any): then the new job simply takes it;</li>
 *   <li>a record left {@code overwriting} by a run that did not finish: every output is redone again.</li>
 * </ul>
 */
final class OutputClaim {
    private OutputClaim() {}

    /**
     * @param outputs images the folder holds ({@link OutputScan#outputs()})
     * @return true if every output must be redone (not skipped when present)
     * @throws OutputFolderException when the folder holds another model's outputs and {@code overwrite} is off
     */
    static boolean redoAll(Optional<ModelRecord> recorded, ModelRecord wanted, long outputs, boolean overwrite, String folder) {
        if (recorded.isEmpty()) {
            if (outputs == 0 || overwrite) return overwrite;
            throw new OutputFolderException(folder + " holds " + outputs + " images but no record of the model that made them ("
                    + ModelRecord.FILE + "; an earlier version's outputs, or files of something else): run with --overwrite to redo"
                    + " them with " + wanted.describe() + ", or choose another --output");
        }
        List<String> differences = recorded.get().differences(wanted);
        if (differences.isEmpty()) return overwrite || recorded.get().overwriting();
        // a record but no outputs: a job that stopped before writing any (refused int8, killed, no usable
        // input); there is nothing of the other model's to mix with, so the new job takes the folder
        if (outputs == 0) return overwrite;
        if (overwrite) return true;
        throw new OutputFolderException(folder + " holds the outputs of " + recorded.get().describe() + "; this job would write "
                + wanted.describe() + " (" + String.join("; ", differences) + "). One folder holds one model's outputs: run with"
                + " --overwrite to redo them all with this model, or choose another --output");
    }
}
