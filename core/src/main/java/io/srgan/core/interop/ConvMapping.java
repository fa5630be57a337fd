package io.srgan.core.interop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 3×3 convolutions (and PReLU slopes) an architecture expects, by PyTorch name and this
 * project's name: checks each weight and bias shape, refuses tensors the architecture does not
 * have, and converts the layouts. Refusing leftovers matters: a variant with extra layers
 * (ESRGAN+, a different head) would otherwise import silently and compute something else.
 */
final class ConvMapping {
    private record Conv(String from, String to, long in, long out, int shuffle) {}

    private record Slopes(String from, String to, long channels) {}

    private final String arch;
    private final List<Conv> convs = new ArrayList<>();
    private final List<Slopes> slopes = new ArrayList<>();

    /** @param arch what is being imported, for messages */
    ConvMapping(String arch) { this.arch = arch; }

    ConvMapping conv(String from, String to, long in, long out) { return shuffledConv(from, to, in, out, 1); }

    /** A conv whose output feeds a ×{@code r} pixel shuffle. */
    ConvMapping shuffledConv(String from, String to, long in, long out, int r) {
        convs.add(new Conv(from, to, in, out, r));
        return this;
    }

    /** An nn.PReLU's per-channel slopes ({@code <from>.weight}, [channels]), taken as they are. */
    ConvMapping prelu(String from, String to, long channels) {
        slopes.add(new Slopes(from, to, channels));
        return this;
    }

    /** The tensors in this project's names and layouts. */
    Map<String, FloatTensor> apply(StateDict sd) throws UnrecognisedModelException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        Set<String> unused = new LinkedHashSet<>(sd.tensors().keySet());
        for (Conv c : convs) {
            FloatTensor w = expect(sd, c.from() + ".weight", new long[] {c.out(), c.in(), 3, 3});
            FloatTensor b = expect(sd, c.from() + ".bias", new long[] {c.out()});
            out.put(c.to() + ".weight", TorchLayouts.convWeight(w, c.shuffle()));
            out.put(c.to() + ".bias", TorchLayouts.bias(b, c.shuffle()));
            unused.remove(c.from() + ".weight");
            unused.remove(c.from() + ".bias");
        }
        for (Slopes p : slopes) {
            out.put(p.to() + ".weight", expect(sd, p.from() + ".weight", new long[] {p.channels()}));
            unused.remove(p.from() + ".weight");
        }
        if (!unused.isEmpty()) {
            List<String> some = unused.stream().limit(5).map(k -> k + " " + sd.tensors().get(k).shapeString()).toList();
            throw new UnrecognisedModelException(sd.source() + ": looks like " + arch + " but has " + unused.size()
                    + " tensors it does not have: " + some + (unused.size() > 5 ? " …" : "") + " (a variant this project does not build)");
        }
        return out;
    }

    private FloatTensor expect(StateDict sd, String name, long[] shape) throws UnrecognisedModelException {
        FloatTensor t = sd.tensors().get(name);
        if (t == null) {
            throw new UnrecognisedModelException(sd.source() + ": looks like " + arch + " but tensor '" + name + "' " + Arrays.toString(shape)
                    + " is missing; the file has " + sd.sample(6));
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new UnrecognisedModelException(sd.source() + ": looks like " + arch + " but tensor '" + name + "' has shape "
                    + t.shapeString() + ", expected " + Arrays.toString(shape));
        }
        return t;
    }
}
