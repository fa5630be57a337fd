package io.srgan.core.interop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tensors of a weight file, by their names in the file (PyTorch layouts), in file order.
 *
 * @param source the file, for messages
 */
public record StateDict(String source, Map<String, FloatTensor> tensors) {
    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public boolean has(String name) { return tensors.containsKey(name); }

    /** The tensor, or an {@link UnrecognisedModelException} naming what is missing. */
    public FloatTensor require(String name) throws UnrecognisedModelException {
        FloatTensor t = tensors.get(name);
        if (t == null) throw new UnrecognisedModelException(source + ": tensor '" + name + "' is missing; the file has " + sample(6));
        return t;
    }

    /** The first {@code n} names with their shapes, for error messages. */
    public String sample(int n) {
        String head = tensors.entrySet().stream().limit(n).map(e -> e.getKey() + " " + e.getValue().shapeString())
                .collect(Collectors.joining(", "));
        return tensors.size() + " tensors (" + head + (tensors.size() > n ? ", …" : "") + ")";
    }
}
