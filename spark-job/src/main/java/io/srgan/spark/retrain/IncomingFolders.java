package io.srgan.spark.retrain;

import io.srgan.spark.io.HadoopSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New-data discovery by a dated folder layout: {@code INCOMING/YYYY-MM-DD/<image files>}, one folder
 * per UTC day of arrival. A run consumes every day after the last consumed one (the watermark,
 * remembered in the run history) up to yesterday, or up to today with {@code include-today}: days
 * are taken whole, so a folder must be complete when its day is over. Images added later to a
 * consumed day are not "new" again; they reach training only through the replay sample. Other
 * entries of INCOMING are ignored with a warning naming them.
 */
public final class IncomingFolders {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingFolders.class);
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final URI incoming;
    private final HadoopSettings settings;

    public IncomingFolders(URI incoming, HadoopSettings settings) {
        this.incoming = incoming;
        this.settings = settings;
    }

    /**
     * @param consumedThrough the last day earlier runs consumed; null when none did
     * @param lastDay         the newest day this run may consume
     */
    public NewData discover(LocalDate consumedThrough, LocalDate lastDay) throws IOException {
        List<LocalDate> newDays = new ArrayList<>();
        List<ImageRef> newImages = new ArrayList<>();
        List<ImageRef> older = new ArrayList<>();
        try (FileSystem fs = FileSystem.newInstance(incoming, settings.toConfiguration())) {
            for (var day : days(fs).entrySet()) {
                List<ImageRef> images = ImageListing.list(fs, day.getValue(), day.getKey() + "/");
                if (consumedThrough != null && !day.getKey().isAfter(consumedThrough)) {
                    older.addAll(images);
                } else if (!day.getKey().isAfter(lastDay) && !images.isEmpty()) {
                    newDays.add(day.getKey());
                    newImages.addAll(images);
                }
            }
        }
        LocalDate through = newDays.isEmpty() ? consumedThrough : newDays.get(newDays.size() - 1);
        return new NewData(newDays, newImages, older, through);
    }

    private TreeMap<LocalDate, Path> days(FileSystem fs) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.listStatus(new Path(incoming));
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("incoming folder " + incoming + " does not exist");
        }
        TreeMap<LocalDate, Path> days = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        for (FileStatus s : entries) {
            String name = s.getPath().getName();
            LocalDate day = s.isDirectory() ? parse(name) : null;
            if (day != null) {
                days.put(day, s.getPath());
            } else if (!name.startsWith(".") && !name.startsWith("_")) {
                ignored.add(name);
            }
        }
        if (!ignored.isEmpty()) {
            LOG.warn("{}: ignoring {} (only folders named YYYY-MM-DD hold incoming images)", incoming, ignored);
        }
        return days;
    }

    private static LocalDate parse(String name) {
        if (!DAY.matcher(name).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(name);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
