package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Java shuffle against libnd4j's depth_to_space / space_to_depth, element for element. */
class SubPixelShuffleTest {
    @ParameterizedTest
    @CsvSource({"1,3,5,4,2,FLOAT", "2,4,3,8,2,DOUBLE", "3,2,2,5,3,FLOAT", "2,7,1,3,2,FLOAT"})
    void matchesLibnd4j(int n, int h, int w, int c, int r, DataType type) {
        INDArray x = Nd4j.rand(type, n, h, w, c * r * r);
        INDArray ours = SubPixelShuffle.depthToSpace(x, r);
        assertEquals(LibNd4jReference.depthToSpace(x, r), ours);
        assertEquals(LibNd4jReference.spaceToDepth(ours, r), SubPixelShuffle.spaceToDepth(ours, r));
        assertEquals(x, SubPixelShuffle.spaceToDepth(ours, r));
    }

    @ParameterizedTest
    @CsvSource({"2", "3"})
    void acceptsViews(int r) {
        INDArray big = Nd4j.rand(DataType.FLOAT, 3, 4, 4, 2 * r * r);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        assertEquals(LibNd4jReference.depthToSpace(view.dup(), r), SubPixelShuffle.depthToSpace(view, r));
    }
}
