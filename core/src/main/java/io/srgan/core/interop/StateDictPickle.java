package io.srgan.core.interop;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code data.pkl} of a PyTorch zip file holding {@code {wrapper: OrderedDict(name → float32 tensor)}},
 * as torch.save writes it (pickle protocol 2): each tensor is {@code torch._utils._rebuild_tensor_v2}
 * over a {@code torch.FloatStorage} persistent id ('storage', type, key, 'cpu', numel) whose bytes are
 * the zip entry {@code data/<key>}; keys are "0", "1", … in {@code tensors}' order.
 */
final class StateDictPickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private StateDictPickle() {}

    static byte[] of(String wrapper, Map<String, FloatTensor> tensors) {
        StateDictPickle p = new StateDictPickle();
        p.op(0x80).op(2); // PROTO 2
        p.op('}').str(wrapper); // {wrapper: ...}
        p.global("collections", "OrderedDict").op(')').op('R').op('('); // OrderedDict(), MARK
        int key = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            p.str(e.getKey()).tensor(Integer.toString(key++), e.getValue());
        }
        p.op('u').op('s').op('.'); // SETITEMS, SETITEM, STOP
        return p.out.toByteArray();
    }

    private StateDictPickle tensor(String storageKey, FloatTensor t) {
        long[] shape = t.shape();
        long[] stride = new long[shape.length]; // contiguous, row-major
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        global("torch._utils", "_rebuild_tensor_v2").op('(');
        op('(').str("storage").global("torch", "FloatStorage").str(storageKey).str("cpu").integer(t.data().length).op('t').op('Q');
        integer(0); // storage offset
        tuple(shape).tuple(stride);
        op(0x89); // requires_grad = False
        global("collections", "OrderedDict").op(')').op('R'); // backward hooks
        return op('t').op('R');
    }

    private StateDictPickle tuple(long[] values) {
        op('(');
        for (long v : values) integer(v);
        return op('t');
    }

    private StateDictPickle integer(long v) {
        if (v >= 0 && v < 256) return op('K').op((int) v); // BININT1
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return op('J').raw(le(4).putInt((int) v)); // BININT
        return op(0x8a).op(8).raw(le(8).putLong(v)); // LONG1
    }

    private StateDictPickle str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').raw(le(4).putInt(b.length)).raw(b); // BINUNICODE
    }

    private StateDictPickle global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private StateDictPickle op(int b) {
        out.write(b);
        return this;
    }

    private StateDictPickle raw(ByteBuffer b) { return raw(b.array()); }

    private StateDictPickle raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }
}
