package io.srgan.spark.exchange;

import java.io.Serializable;
import java.util.ArrayList;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Averages slice contributions across the cluster: a shuffle routes every slice's contributions
 * to the reducer that owns it ({@link SlicePartitioner}: no combining on the map side, each map
 * task holds only what it sends), the reducer sums them in double and turns each sum into a float
 * mean, and the driver receives the means one reducer at a time through {@link SliceSink}, never
 * all at once and never in double.
 */
public final class ShardedAverage {
    private ShardedAverage() {}

    /** Receives mean slices on the driver, as each reducer's result arrives (one call at a time). */
    public interface SliceSink {
        void accept(int slice, MeanSlice mean);
    }

    /**
     * Runs the reduction as one Spark job (with the stages that produce {@code contributions}):
     * every slice that received at least one contribution reaches {@code sink} exactly once.
     */
    public static void run(JavaPairRDD<Integer, SliceContribution> contributions, int reducers, SliceSink sink) {
        RDD<Tuple2<Integer, SliceSum>> sums = contributions
                .combineByKey(SliceSum::of, SliceSum::add, SliceSum::merge, new SlicePartitioner(reducers), false, null)
                .rdd();
        ClassTag<ArrayList<Tuple2<Integer, MeanSlice>>> tag = ClassTag$.MODULE$.apply(ArrayList.class);
        sums.context().runJob(sums, new MeansOfReducer(), new Deliver(sink), tag);
    }

    /** In a reduce task: the mean of every slice it owns. */
    private static final class MeansOfReducer
            extends AbstractFunction1<scala.collection.Iterator<Tuple2<Integer, SliceSum>>, ArrayList<Tuple2<Integer, MeanSlice>>>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public ArrayList<Tuple2<Integer, MeanSlice>> apply(scala.collection.Iterator<Tuple2<Integer, SliceSum>> it) {
            ArrayList<Tuple2<Integer, MeanSlice>> out = new ArrayList<>();
            while (it.hasNext()) {
                Tuple2<Integer, SliceSum> t = it.next();
                out.add(new Tuple2<>(t._1(), t._2().mean()));
            }
            return out;
        }
    }

    /** On the driver: hands each reducer's slices to the sink. */
    private static final class Deliver extends AbstractFunction2<Object, ArrayList<Tuple2<Integer, MeanSlice>>, BoxedUnit> {
        private final SliceSink sink;

        Deliver(SliceSink sink) {
            this.sink = sink;
        }

        @Override
        public BoxedUnit apply(Object reducer, ArrayList<Tuple2<Integer, MeanSlice>> slices) {
            for (Tuple2<Integer, MeanSlice> s : slices) sink.accept(s._1(), s._2());
            slices.clear(); // let each slice go as soon as it is pasted
            return BoxedUnit.UNIT;
        }
    }
}
