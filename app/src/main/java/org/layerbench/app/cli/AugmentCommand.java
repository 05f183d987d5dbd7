package org.layerbench.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Previews;
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

  /** The most variants one grid shows. */
  static final int MAX_COUNT = 256;

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
  public Integer call() {
    Ranges.between(spec, "--count", count, 1, MAX_COUNT);
    Ranges.between(spec, "--columns", columns, 1, MAX_COUNT);
    Ranges.oneOf(spec, "--split", split, "train", "val");
    PipelineFile file = readOption(pipeline);
    Pipeline chosen = split.equals("train") ? file.train() : file.val();
    Image8 source;
    try {
      source = Image8.of(ImageDecoder.decode(image));
    } catch (ImageDecodeException e) {
      throw new UserException(image + ": " + e.reason());
    }
    List<Image8> variants;
    try {
      Pipeline.Compiled compiled = chosen.compile();
      // The first variant says how large each is; the rest, and their grid, must fit in memory.
      Image8 first = Previews.variants(source, compiled, 1, seed).get(0);
      refuseIfTooLarge(first);
      variants = Previews.variants(source, compiled, count, seed);
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
    Failures.write(
        output,
        out -> {
          // A memory cache, not ImageIO's default temporary file: that one is closed again by a
          // shutdown hook after a failed write, which then prints a NullPointerException's trace.
          try (var stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(png, "png", stream)) {
              throw new IOException("no PNG writer");
            }
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
    } catch (IOException e) {
      throw Failures.reading(file, e);
    }
  }

  /**
   * The variants and the grid live in memory at once (the grid twice: as bytes and as the PNG's
   * pixels); a pipeline whose output is huge is refused before all of them are made.
   */
  private void refuseIfTooLarge(Image8 first) {
    long variantBytes = (long) first.width() * first.height() * 3;
    int cols = Math.min(columns, count);
    int rows = (count + cols - 1) / cols;
    long gridPixels = (long) (cols * (first.width() + 4L) + 4) * (rows * (first.height() + 4L) + 4);
    long need = variantBytes * count + gridPixels * (3 + 4);
    long heap = Runtime.getRuntime().maxMemory();
    if (gridPixels * 4 > Integer.MAX_VALUE - 8 || need > heap / 2) {
      throw new UserException(
          String.format(
              java.util.Locale.ROOT,
              "%s: the %s pipeline makes %d×%d images; %d of them and their grid need %s, more than"
                  + " this program's memory allows (%s); use a smaller --count or a smaller output"
                  + " size",
              pipeline.getFileName(),
              split,
              first.width(),
              first.height(),
              count,
              Ranges.bytes(need),
              Ranges.bytes(heap)));
    }
  }
}
