package org.layerbench.engine.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A non-image modality for the loader's tests: each sample is one row of a text file, {@code label
 * <TAB> id id id ...}, read as int64 token ids padded with 0 (or cut) to a fixed length, with the
 * row's own length in {@link Batch#lengths()}. What a text reader will do, without a vocabulary.
 */
final class TokenRowsReader implements SampleReader {

  private final int length;

  TokenRowsReader(int length) {
    this.length = length;
  }

  /** One sample per row of {@code file}, labelled by its first column. */
  static List<Sample> index(Path file) throws IOException {
    List<String> rows = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Sample> samples = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      samples.add(new Sample(file, Integer.parseInt(rows.get(r).split("\t", 2)[0]), r));
    }
    return samples;
  }

  @Override
  public SampleLayout layout() {
    return new SampleLayout(List.of(length), DType.INT64, true);
  }

  @Override
  public void read(int index, Sample sample, RandomGenerator random, BatchData out, int slot)
      throws UnreadableSampleException {
    String row;
    try {
      row = Files.readAllLines(sample.file(), StandardCharsets.UTF_8).get(sample.row());
    } catch (IOException e) {
      throw new UnreadableSampleException("cannot read (" + e.getMessage() + ")");
    }
    String[] columns = row.split("\t", 2);
    String[] ids =
        columns.length < 2 || columns[1].isBlank() ? new String[0] : columns[1].split(" ");
    if (ids.length == 0) {
      throw new UnreadableSampleException("row " + (sample.row() + 1) + " has no tokens");
    }
    long[] longs = out.longs();
    int offset = out.offset(slot);
    int n = Math.min(ids.length, length);
    for (int i = 0; i < length; i++) {
      try {
        longs[offset + i] = i < n ? Long.parseLong(ids[i]) : 0L;
      } catch (NumberFormatException e) {
        throw new UnreadableSampleException("row " + (sample.row() + 1) + ": not a token id");
      }
    }
    out.length(slot, n);
  }
}
