package org.layerbench.engine.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.RgbImage;

/**
 * Run by {@link StatisticsStreamingTest} in a JVM with a small heap: scans a dataset and computes
 * its statistics, then prints them; with "hold" it instead keeps every decoded image, which such a
 * heap cannot.
 */
final class StreamingScanMain {

  private StreamingScanMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<Path> files = ImageFolder.scan(dir, 0, 1).train().stream().map(Sample::file).toList();
    if (args.length > 1 && args[1].equals("hold")) {
      List<RgbImage> all = new ArrayList<>();
      for (Path f : files) {
        all.add(ImageDecoder.decode(f));
      }
      System.out.println("held " + all.size());
      return;
    }
    ScanReport report =
        DatasetScan.scan(
            dir, ScanOptions.defaults().withSplit(0, 1).withThreads(2), ProgressMonitor.NONE);
    ChannelStats alone = ChannelStatistics.compute(files, ProgressMonitor.NONE);
    System.out.println("images " + report.images());
    System.out.println(
        "scan "
            + Arrays.toString(report.trainStats().mean())
            + " "
            + Arrays.toString(report.trainStats().std()));
    System.out.println(
        "alone " + Arrays.toString(alone.mean()) + " " + Arrays.toString(alone.std()));
  }
}
