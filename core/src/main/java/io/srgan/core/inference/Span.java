package io.srgan.core.inference;

/**
 * A half-open interval {@code [start, start + length)} of pixel indices along one axis.
 *
 * @param start first index, ≥ 0
 * @param length number of indices, ≥ 1
 */
public record Span(int start, int length) {
    public Span {
        if (start < 0 || length < 1) {
            throw new IllegalArgumentException("span needs start >= 0 and length >= 1, got start " + start + ", length " + length);
        }
    }

    /** One past the last index. */
    public int end() {
        return start + length;
    }

    /** This span in a grid {@code factor} times finer (LR pixels to output pixels). */
    public Span scaled(int factor) {
        return new Span(Math.multiplyExact(start, factor), Math.multiplyExact(length, factor));
    }

    public boolean contains(Span other) {
        return other.start >= start && other.end() <= end();
    }
}
