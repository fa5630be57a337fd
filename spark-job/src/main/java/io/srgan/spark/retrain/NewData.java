package io.srgan.spark.retrain;

import java.time.LocalDate;
import java.util.List;

/**
 * What the incoming folder holds relative to the last consumed day.
 *
 * @param newDays   the days after the last consumed one, up to the cut-off, that have images
 * @param newImages their images
 * @param olderImages the images of days consumed before (the replay pool, with the base set)
 * @param through   the last day this run consumes: the newest new day, or the previous watermark
 *                  when there is nothing new
 */
public record NewData(List<LocalDate> newDays, List<ImageRef> newImages, List<ImageRef> olderImages, LocalDate through) {
    public NewData {
        newDays = List.copyOf(newDays);
        newImages = List.copyOf(newImages);
        olderImages = List.copyOf(olderImages);
    }
}
