package io.srgan.core.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the generator's state dict inside what a toolkit saved: BasicSR and Real-ESRGAN wrap it as
 * {@code params_ema} (the EMA weights, which they release and evaluate) or {@code params};
 * others as {@code state_dict}, {@code model}, {@code g_ema}, {@code net_g}, {@code generator}.
 * DataParallel's {@code module.} prefix is stripped when every key has it.
 */
final class StateDictSelector {
    /** Tried in order: the first present wins, so EMA weights beat the raw ones. */
    static final List<String> WRAPPER_KEYS = List.of("params_ema", "params", "g_ema", "state_dict", "model", "net_g", "generator");

    private StateDictSelector() {}

    /** The name → tensor map in the unpickled {@code root}. */
    static Map<String, TorchPickle.TensorRef> select(Object root, String source) throws WeightFileException {
        Object current = root;
        for (int depth = 0; depth < 3; depth++) {
            if (!(current instanceof Map<?, ?> map)) break;
            Map<String, TorchPickle.TensorRef> tensors = tensorsOnly(map);
            if (tensors != null) return tensors;
            Object inner = null;
            for (String key : WRAPPER_KEYS) {
                if (map.get(key) instanceof Map<?, ?> m) {
                    inner = m;
                    break;
                }
            }
            if (inner == null) {
                throw new WeightFileException(source + ": no state dict found: the top-level dict has keys " + keys(map)
                        + ", expected tensors or one of " + WRAPPER_KEYS);
            }
            current = inner;
        }
        throw new WeightFileException(source + ": no state dict found (the file holds a " + (current == null ? "None" : current.getClass().getSimpleName())
                + ", expected a dict of tensors)");
    }

    /** The map as name → tensor if every key is a string and every value a tensor, else null. */
    private static Map<String, TorchPickle.TensorRef> tensorsOnly(Map<?, ?> map) {
        if (map.isEmpty()) return null;
        Map<String, TorchPickle.TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof TorchPickle.TensorRef t)) return null;
            out.put(k, t);
        }
        return out;
    }

    /** Without DataParallel's {@code module.} prefix, if every name carries it. */
    static <T> Map<String, T> stripModulePrefix(Map<String, T> tensors) {
        if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(k -> k.startsWith("module."))) return tensors;
        Map<String, T> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k.substring("module.".length()), v));
        return out;
    }

    private static List<String> keys(Map<?, ?> map) {
        List<String> out = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (out.size() == 8) {
                out.add("…");
                break;
            }
            out.add(String.valueOf(k));
        }
        return out;
    }
}
