package io.srgan.spark.upscale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Who may write into a folder: another model is refused only when the folder holds outputs — a job
 * that stopped before writing any (an int8 model refused by its check, a kill) leaves a record, not a
 * folder the next job must overwrite.
 */
class OutputClaimTest {
    private static ModelRecord record(String precision) {
        return new ModelRecord("msrresnet", 1, 4, 2, "subpixel", 32, "raw", "0123456789abcdef", precision, "png", null, null, null,
                "model", false);
    }

    @Test
    void anotherModelIsRefusedOnlyWhereItsOutputsAre() {
        ModelRecord int8 = record("int8");
        ModelRecord fp32 = record("fp32");
        assertFalse(OutputClaim.redoAll(Optional.of(int8), fp32, 0, false, "out"), "no outputs: nothing to mix, nothing to redo");
        OutputFolderException e = assertThrows(OutputFolderException.class, () -> OutputClaim.redoAll(Optional.of(int8), fp32, 3, false, "out"));
        assertTrue(e.getMessage().contains("precision: int8 → fp32"), e.getMessage());
        assertTrue(OutputClaim.redoAll(Optional.of(int8), fp32, 3, true, "out"), "--overwrite redoes them");
        assertFalse(OutputClaim.redoAll(Optional.of(fp32), fp32, 3, false, "out"), "the same model skips complete outputs");
    }
}
