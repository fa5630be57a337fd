package io.srgan.core.data;

import java.util.Objects;

/** An image with the name that identifies it in errors and reports (usually its file name). */
public record NamedImage(String name, FloatImage image) {
    public NamedImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
    }
}
