package io.srgan.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingNamesTest {
    private enum Choice { AUTO, BEST_PSNR }

    @Test
    void namesAreLowerCaseWithHyphensAndParseOnlyExactly() {
        assertEquals("best-psnr", SettingNames.of(Choice.BEST_PSNR));
        assertEquals(List.of("auto", "best-psnr"), SettingNames.all(Choice.class));
        assertEquals(Choice.BEST_PSNR, SettingNames.parse(Choice.class, "choice", "best-psnr"));
        for (String bad : new String[] {"BEST_PSNR", "best_psnr", "Auto", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingNames.parse(Choice.class, "choice", bad));
            assertEquals("choice must be one of [auto, best-psnr], got '" + bad + "'", e.getMessage());
        }
    }
}
