package io.srgan.core.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code .safetensors} format: an 8-byte little-endian header length, a JSON header mapping
 * each name to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the data section),
 * then the raw little-endian data. Every offset is checked against the file before reading.
 */
final class SafetensorsReader {
    /** The format's own cap on the header. */
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {}

    static Map<String, FloatTensor> read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long headerLength = readAt(ch, 0, 8, source).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw new WeightFileException(source + ": safetensors header length " + headerLength + " does not fit the " + size + "-byte file (truncated?)");
            }
            JsonNode header;
            try {
                header = new ObjectMapper().readTree(readAt(ch, 8, (int) headerLength, source).array());
            } catch (IOException e) {
                throw new WeightFileException(source + ": safetensors header is not valid JSON (" + e.getMessage() + ")", e);
            }
            if (header == null || !header.isObject()) throw new WeightFileException(source + ": safetensors header is not a JSON object");
            long dataStart = 8 + headerLength;
            long dataSize = size - dataStart;
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            long floats = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) continue;
                FloatTensor t = tensor(ch, e.getKey(), e.getValue(), dataStart, dataSize, source);
                floats += t.data().length;
                // disjoint ranges of 2-byte (or wider) values make at most dataSize / 2 floats: more means overlapping tensors
                if (floats > dataSize / 2) {
                    throw new WeightFileException(source + ": tensors overlap in the data section (at '" + e.getKey() + "'): not a safetensors file");
                }
                out.put(e.getKey(), t);
            }
            return out;
        }
    }

    private static FloatTensor tensor(FileChannel ch, String name, JsonNode info, long dataStart, long dataSize, String source) throws IOException {
        String where = source + ": tensor '" + name + "'";
        String dtypeName = info.path("dtype").asText();
        StorageDtype dtype = StorageDtype.ofSafetensors(dtypeName)
                .orElseThrow(() -> new WeightFileException(where + " has unsupported dtype '" + dtypeName + "' (F32, F16, BF16, F64, I64, I32 are read)"));
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) throw new WeightFileException(where + " lacks shape or data_offsets");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!shapeNode.get(i).canConvertToLong() || shapeNode.get(i).asLong() < 0) throw new WeightFileException(where + " has a bad shape " + shapeNode);
            shape[i] = shapeNode.get(i).asLong();
        }
        long numel;
        try {
            numel = FloatTensor.numel(shape);
        } catch (ArithmeticException ex) {
            throw new WeightFileException(where + " has an impossible shape " + shapeNode);
        }
        long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
        if (numel > TorchPickle.MAX_BYTES / dtype.bytes) throw new WeightFileException(where + " of shape " + shapeNode + " is over the 2 GiB limit");
        if (begin < 0 || end < begin || end - begin != numel * dtype.bytes) {
            throw new WeightFileException(where + ": data_offsets " + offsets + " do not match shape " + shapeNode + " of " + dtypeName);
        }
        if (end > dataSize) {
            throw new WeightFileException(where + " declares bytes up to " + end + " but the file holds " + dataSize + " data bytes (truncated?)");
        }
        ByteBuffer raw = readAt(ch, dataStart + begin, (int) (end - begin), source).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) numel];
        for (int i = 0; i < values.length; i++) values[i] = dtype.get(raw, i);
        return new FloatTensor(shape, values);
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length, String source) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) throw new WeightFileException(source + ": truncated at byte " + (position + b.position()));
        }
        return b.flip();
    }
}
