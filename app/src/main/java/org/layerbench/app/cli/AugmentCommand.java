package org.layerbench.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.layerbench.engine.data.ImageDecodeException;
import org.layerbench.engine.data.ImageDecoder;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Previews;
import org.layerbench.engine.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerbench augment}: a grid of augmented variants of one image. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
      "Render augmented variants of IMAGE through a transforms file as a PNG grid.",
      "The file is layerbench.transforms JSON with \"train\" and \"val\" pipelines of torchvision"
          + " transforms, e.g. {\"type\": \"ColorJitter\", \"brightness\": 0.4}. Normalize is left"
          + " out of the picture so it stays viewable. The same --seed gives the same grid."
    })
public final class AugmentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "P.json",
      description = "transforms file")
  Path pipeline;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "the image to augment")
  Path image;

  @Option(
      names = "--count",
      defaultValue = "8",
      description = "variants (default ${DEFAULT-VALUE})")
  int count;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--split",
      defaultValue = "train",
      description = "which pipeline: train or val (default ${DEFAULT-VALUE})")
  String split;

  @Option(
      names = "--columns",
      defaultValue = "4",
      description = "grid columns (default ${DEFAULT-VALUE})")
  int columns;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "grid.png",
      description = "PNG to write")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (count < 1 || count > 256) {
      throw new UserException("--count must be between 1 and 256, got " + count);
    }
    if (columns < 1) {
      throw new UserException("--columns must be at least 1, got " + columns);
    }
    PipelineFile file = readOption(pipeline);
    Pipeline chosen =
        switch (split) {
          case "train" -> file.train();
          case "val" -> file.val();
          default -> throw new UserException("--split is train or val, got '" + split + "'");
        };
    Image8 source;
    try {
      source = Image8.of(ImageDecoder.decode(image));
    } catch (ImageDecodeException e) {
      throw new UserException(image + ": " + e.reason());
    }
    List<Image8> variants;
    try {
      variants = Previews.variants(source, chosen.compile(), count, seed);
    } catch (IllegalArgumentException e) {
      throw new UserException(pipeline.getFileName() + ": " + e.getMessage());
    }
    Image8 grid = Previews.grid(variants, columns, 4);
    BufferedImage png = new BufferedImage(grid.width(), grid.height(), BufferedImage.TYPE_INT_RGB);
    byte[] d = grid.data();
    for (int y = 0, p = 0; y < grid.height(); y++) {
      for (int x = 0; x < grid.width(); x++, p += 3) {
        png.setRGB(x, y, (d[p] & 0xFF) << 16 | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF));
      }
    }
    AtomicFiles.write(
        output,
        out -> {
          if (!ImageIO.write(png, "png", out)) {
            throw new IOException("no PNG writer");
          }
        });
    PrintWriter w = spec.commandLine().getOut();
    Image8 first = variants.get(0);
    w.printf(
        "wrote %s: %d variants of %s (%d×%d each), seed %d%n",
        output, count, image.getFileName(), first.width(), first.height(), seed);
    return 0;
  }

  /**
   * The pipelines of a {@code --augment} file (train and lr-find), or null without one; a file that
   * cannot be read or parsed is a user error saying which and why.
   */
  static PipelineFile readOption(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return PipelineFile.read(file);
    } catch (java.io.IOException e) {
      throw new UserException(e.getMessage());
    }
  }
}
