package org.layerbench.app.gui.data;

import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.layerbench.app.gui.data.DataViewModel.ImageDetails;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.data.image.DecodedImage;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.transform.Image8;

/**
 * The image grid's state: the dataset's images filtered by class and split, the selected one, and
 * its file's details, decoded off the FX thread (a {@link BackgroundJob}: only the newest
 * selection's details land).
 */
final class ImageBrowser {

  /** What the selection decoded to: its details, and the image itself (null when unreadable). */
  record Loaded(ImageDetails details, Image8 image) {}

  private final DataExecutors ex;
  private final Consumer<Loaded> decoded;
  private final BackgroundJob detailsJob;

  private final ObservableList<DataImage> images = FXCollections.observableArrayList();
  private final FilteredList<DataImage> shown = new FilteredList<>(images);
  private final ObjectProperty<String> classFilter = new SimpleObjectProperty<>();
  private final ObjectProperty<String> splitFilter = new SimpleObjectProperty<>();
  private final ObjectProperty<DataImage> selected = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<ImageDetails> details = new ReadOnlyObjectWrapper<>();

  /**
   * @param decoded told (on the FX thread) of each selection's outcome; null when none is selected
   */
  ImageBrowser(DataExecutors executors, Consumer<Loaded> decoded) {
    this.ex = executors;
    this.decoded = decoded;
    this.detailsJob = new BackgroundJob(executors.fx());
    classFilter.addListener((obs, o, n) -> refilter());
    splitFilter.addListener((obs, o, n) -> refilter());
    selected.addListener((obs, o, n) -> loadSelected(n));
  }

  /** Shows the images of {@code idx} (none for null), unfiltered, the first one selected. */
  void show(DatasetIndex idx) {
    classFilter.set(null);
    splitFilter.set(null);
    images.setAll(idx == null ? List.of() : idx.images());
    selected.set(images.isEmpty() ? null : images.get(0));
  }

  void abandon() {
    detailsJob.abandon(null);
  }

  private void refilter() {
    String c = classFilter.get();
    String s = splitFilter.get();
    shown.setPredicate(
        i -> (c == null || c.equals(i.className())) && (s == null || s.equals(i.split())));
    if (selected.get() != null && !shown.contains(selected.get())) {
      selected.set(shown.isEmpty() ? null : shown.get(0));
    }
  }

  private void loadSelected(DataImage image) {
    if (image == null) {
      detailsJob.abandon(null);
      details.set(null);
      decoded.accept(null);
      return;
    }
    detailsJob
        .task("read " + image.file().getFileName(), p -> load(image))
        .onSuccess(
            loaded -> {
              details.set(loaded.details());
              decoded.accept(loaded);
            })
        .onFailed(
            t -> {
              Loaded failed =
                  new Loaded(
                      new ImageDetails(image, 0, 0, -1, null, null, 1, DataViewModel.readable(t)),
                      null);
              details.set(failed.details());
              decoded.accept(failed);
            })
        .startOn(ex.preview());
  }

  private static Loaded load(DataImage image) throws java.io.IOException {
    long bytes = Files.size(image.file());
    try {
      DecodedImage d = ImageDecoder.read(image.file());
      return new Loaded(
          new ImageDetails(
              image,
              d.image().width(),
              d.image().height(),
              bytes,
              d.format(),
              d.mode(),
              d.orientation(),
              null),
          Image8.of(d.image()));
    } catch (ImageDecodeException e) {
      return new Loaded(new ImageDetails(image, 0, 0, bytes, null, null, 1, e.reason()), null);
    }
  }

  ObservableList<DataImage> shownImages() {
    return shown;
  }

  ObjectProperty<String> classFilterProperty() {
    return classFilter;
  }

  ObjectProperty<String> splitFilterProperty() {
    return splitFilter;
  }

  ObjectProperty<DataImage> selectedProperty() {
    return selected;
  }

  ReadOnlyObjectProperty<ImageDetails> detailsProperty() {
    return details.getReadOnlyProperty();
  }
}
