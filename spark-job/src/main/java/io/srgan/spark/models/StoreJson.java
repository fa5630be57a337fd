package io.srgan.spark.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The JSON of the model store's small files (lease, production log, run history): snake_case keys,
 * absent values left out, unknown keys ignored so that later versions may add fields.
 */
public final class StoreJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoreJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
