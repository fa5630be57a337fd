package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class HadoopSettingsTest {
    private final HadoopSettings settings = HadoopSettings.of(Map.of(
            "fs.s3a.endpoint", "http://127.0.0.1:9000",
            "fs.s3a.secret.key", "very-secret"));

    @Test
    void becomesAConfigurationAndSparkProperties() {
        Configuration conf = settings.with("fs.s3a.path.style.access", "true").toConfiguration();
        assertEquals("http://127.0.0.1:9000", conf.get("fs.s3a.endpoint"));
        assertTrue(conf.getBoolean("fs.s3a.path.style.access", false));
        assertEquals(Map.of("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
                "spark.hadoop.fs.s3a.secret.key", "very-secret"), settings.asSparkProperties());
    }

    @Test
    void survivesJavaSerializationAsInASparkClosure() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(settings, in.readObject());
        }
    }

    @Test
    void rejectsSparkKeysAndMissingValuesNamingTheKey() {
        IllegalArgumentException spark = assertThrows(IllegalArgumentException.class,
                () -> settings.with("spark.hadoop.fs.s3a.endpoint", "x"));
        assertTrue(spark.getMessage().contains("'fs.s3a.endpoint' instead"), spark.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> settings.with("fs.s3a.access.key", null));
        assertTrue(missing.getMessage().contains("'fs.s3a.access.key' has no value"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings.with(" fs.x", "1"));
    }

    @Test
    void keepsSecretsOutOfItsText() {
        assertFalse(settings.toString().contains("very-secret"), settings.toString());
    }
}
