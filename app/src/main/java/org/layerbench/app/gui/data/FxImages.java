package org.layerbench.app.gui.data;

import java.nio.ByteBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.layerbench.engine.data.image.RgbImage;
import org.layerbench.engine.data.transform.Image8;

/**
 * Engine images to JavaFX images. A {@link WritableImage} not yet shown may be made on any thread,
 * so thumbnails and previews are converted where they are computed, off the FX thread.
 */
final class FxImages {
  private FxImages() {}

  static WritableImage of(RgbImage image) {
    WritableImage out = new WritableImage(image.width(), image.height());
    out.getPixelWriter()
        .setPixels(
            0,
            0,
            image.width(),
            image.height(),
            PixelFormat.getByteRgbInstance(),
            ByteBuffer.wrap(image.rgb()),
            image.width() * 3);
    return out;
  }

  static WritableImage of(Image8 image) {
    return of(image.toRgb());
  }
}
