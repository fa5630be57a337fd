package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every layer class in this package, found on the classpath, has an example here, and every example
 * passes the obligations all layers share: a finite-difference-checked backward in TRAIN mode, and in
 * TRAIN_INPUT_GRAD mode the right input gradient with no parameter gradient at all. A new layer
 * fails {@link #everyLayerClassHasAnExample} until it is added, so it cannot skip these checks.
 */
class LayerCatalogueTest {
    private record Example(String name, Supplier<Layer> layer, long[] input) {
        @Override public String toString() { return name; }
    }

    private static Init init() { return new Init(41, DataType.DOUBLE); }

    static List<Example> examples() {
        return List.of(
                new Example("Conv2d", () -> new Conv2d("c", 3, 4, 3, 1, init()), new long[] {2, 5, 6, 3}),
                new Example("TransposedConv2d", () -> new TransposedConv2d("t", 3, 2, 2, init()), new long[] {2, 4, 5, 3}),
                new Example("SpectralNormConv2d", () -> new SpectralNormConv2d("sn", 3, 4, 4, 2, 1, true, init()), new long[] {2, 6, 4, 3}),
                new Example("Dense", () -> new Dense("d", 5, 3, init()), new long[] {4, 5}),
                new Example("BatchNorm", () -> new BatchNorm("bn", 3, init()), new long[] {4, 3, 2, 3}),
                new Example("PRelu", () -> new PRelu("p", 4, init()), new long[] {2, 3, 3, 4}),
                new Example("LeakyRelu", () -> new LeakyRelu("a", 0.2), new long[] {2, 3, 3, 4}),
                new Example("DepthToSpace", () -> new DepthToSpace(2), new long[] {2, 3, 4, 8}),
                new Example("PixelUnshuffle", () -> new PixelUnshuffle(2), new long[] {2, 4, 6, 3}),
                new Example("NearestUpsample", () -> new NearestUpsample(2), new long[] {2, 3, 4, 3}),
                new Example("BilinearUpsample", BilinearUpsample::new, new long[] {2, 3, 4, 2}),
                new Example("GlobalAvgPool", GlobalAvgPool::new, new long[] {2, 3, 5, 4}),
                new Example("Flatten", Flatten::new, new long[] {2, 3, 2, 4}),
                new Example("MaxPool2d", () -> new MaxPool2d("p", 2, 2, false), new long[] {2, 6, 4, 3}),
                new Example("DenseBlock", () -> new DenseBlock("rdb", 3, 2, 3, 1.0, init()), new long[] {2, 4, 3, 3}),
                new Example("Residual", () -> new Residual(new Conv2d("c", 3, 3, 3, 1, init()), 0.2), new long[] {2, 4, 3, 3}),
                new Example("Sequential", () -> new Sequential("s", List.of(new Conv2d("c1", 3, 4, 3, 2, init()),
                        new BatchNorm("bn", 4, init()), new PRelu("p", 4, init()), new TransposedConv2d("t", 4, 3, 2, init()))),
                        new long[] {2, 6, 4, 3}));
    }

    @Test
    void everyLayerClassHasAnExample() throws IOException, URISyntaxException {
        Path dir = Path.of(Layer.class.getResource("Layer.class").toURI()).getParent();
        Set<String> layers;
        try (Stream<Path> files = Files.list(dir)) {
            layers = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> load(n.substring(0, n.length() - ".class".length())))
                    .filter(c -> Layer.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers()))
                    .map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = examples().stream().map(Example::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(layers, covered, "each layer class in io.srgan.core.nn needs an example in LayerCatalogueTest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void backwardMatchesFiniteDifferences(Example e) {
        GradientCheck.check(e.layer().get(), e.input(), 51);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void inputGradientOnlyModeGivesTheInputGradientAndNoParameterGradient(Example e) {
        GradientCheck.checkInputOnly(e.layer().get(), e.input(), 52);
    }

    private static Class<?> load(String simpleName) {
        try {
            return Class.forName(Layer.class.getPackageName() + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
