package io.srgan.core.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a state dict as a safetensors file: an 8-byte little-endian header length, a JSON header
 * ({@code __metadata__: {format: pt}}, then per tensor its dtype F32, shape and data offsets) padded
 * with spaces to a multiple of 8 as the reference writer does, then the tensors' bytes in order.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    public static void write(StateDict sd, OutputStream out) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (var e : sd.tensors().entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            Arrays.stream(e.getValue().shape()).forEach(shape::add);
            long size = 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        StringBuilder text = new StringBuilder(JSON.writeValueAsString(header));
        while (text.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) text.append(' ');
        byte[] h = text.toString().getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        for (FloatTensor t : sd.tensors().values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            out.write(b.array());
        }
        out.flush();
    }
}
