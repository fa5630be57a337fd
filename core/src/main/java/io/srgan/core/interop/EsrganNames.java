package io.srgan.core.interop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three names RRDBNet weights circulate under, brought to BasicSR's (which this project uses):
 * BasicSR / Real-ESRGAN ({@code body.i.rdbj.convk}, {@code conv_body}, {@code conv_upN}, {@code conv_hr});
 * the original ESRGAN repository, also BSRGAN and RealSR ({@code RRDB_trunk.i.RDBj.convk},
 * {@code trunk_conv}, {@code upconvN}, {@code HRconv}); and the first ESRGAN release's
 * nn.Sequential indices ({@code model.0}, {@code model.1.sub.i.RDBj.convk.0}, {@code model.1.sub.B}
 * for the trunk conv, then {@code model.3n} per ×2 stage, the HR conv and the last conv two and
 * four indices after the last stage).
 */
final class EsrganNames {
    /** Which naming a dict uses, and the dict in BasicSR names. */
    record Renamed(String naming, StateDict dict) {}

    private static final Pattern ORIGINAL_RDB = Pattern.compile("RRDB_trunk\\.(\\d+)\\.RDB(\\d)\\.(conv\\d)\\.(weight|bias)");
    private static final Pattern ORIGINAL_UP = Pattern.compile("upconv(\\d)\\.(weight|bias)");
    private static final Pattern OLD_RDB = Pattern.compile("model\\.1\\.sub\\.(\\d+)\\.RDB(\\d)\\.(conv\\d)\\.0\\.(weight|bias)");
    private static final Pattern OLD_TRUNK = Pattern.compile("model\\.1\\.sub\\.(\\d+)\\.(weight|bias)");
    private static final Pattern OLD_TOP = Pattern.compile("model\\.(\\d+)\\.(weight|bias)");

    private EsrganNames() {}

    static boolean isBasicSr(StateDict sd) { return sd.has("conv_first.weight") && sd.has("body.0.rdb1.conv1.weight"); }

    static boolean isOriginal(StateDict sd) { return sd.has("conv_first.weight") && sd.has("RRDB_trunk.0.RDB1.conv1.weight"); }

    static boolean isOldArch(StateDict sd) { return sd.has("model.0.weight") && sd.has("model.1.sub.0.RDB1.conv1.0.weight"); }

    /** ESRGAN+ adds 1×1 convs to each dense block: recognised only to be refused by name. */
    static boolean isPlus(StateDict sd) { return sd.tensors().keySet().stream().anyMatch(k -> k.contains(".conv1x1.")); }

    /** The dict in BasicSR's names; names that fit no rule are kept, so the shape check reports them. */
    static Renamed toBasicSr(StateDict sd) {
        if (isBasicSr(sd)) return new Renamed("BasicSR/Real-ESRGAN names", sd);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        if (isOriginal(sd)) {
            sd.tensors().forEach((k, v) -> out.put(original(k), v));
            return new Renamed("original ESRGAN names", new StateDict(sd.source(), out));
        }
        TreeSet<Integer> top = new TreeSet<>(); // model.N indices after the trunk
        for (String k : sd.tensors().keySet()) {
            Matcher m = OLD_TOP.matcher(k);
            if (m.matches() && Integer.parseInt(m.group(1)) >= 2) top.add(Integer.parseInt(m.group(1)));
        }
        int last = top.isEmpty() ? -1 : top.last();
        sd.tensors().forEach((k, v) -> out.put(oldArch(k, last), v));
        return new Renamed("first ESRGAN release's model.N names", new StateDict(sd.source(), out));
    }

    private static String original(String k) {
        Matcher m = ORIGINAL_RDB.matcher(k);
        if (m.matches()) return "body." + m.group(1) + ".rdb" + m.group(2) + "." + m.group(3) + "." + m.group(4);
        m = ORIGINAL_UP.matcher(k);
        if (m.matches()) return "conv_up" + m.group(1) + "." + m.group(2);
        if (k.startsWith("trunk_conv.")) return "conv_body" + k.substring("trunk_conv".length());
        if (k.startsWith("HRconv.")) return "conv_hr" + k.substring("HRconv".length());
        return k;
    }

    private static String oldArch(String k, int last) {
        Matcher m = OLD_RDB.matcher(k);
        if (m.matches()) return "body." + m.group(1) + ".rdb" + m.group(2) + "." + m.group(3) + "." + m.group(4);
        m = OLD_TRUNK.matcher(k);
        if (m.matches()) return "conv_body." + m.group(2); // the only conv directly in model.1.sub; its index is checked as B later
        m = OLD_TOP.matcher(k);
        if (!m.matches()) return k;
        int n = Integer.parseInt(m.group(1));
        String kind = m.group(2);
        if (n == 0) return "conv_first." + kind;
        if (n == last) return "conv_last." + kind;
        if (n == last - 2) return "conv_hr." + kind;
        if (n >= 3 && n % 3 == 0) return "conv_up" + (n / 3) + "." + kind;
        return k;
    }

    /** The index of the trunk conv in the old names ({@code model.1.sub.B}), or -1. */
    static int oldTrunkIndex(StateDict sd) {
        for (String k : sd.tensors().keySet()) {
            Matcher m = OLD_TRUNK.matcher(k);
            if (m.matches()) return Integer.parseInt(m.group(1));
        }
        return -1;
    }
}
