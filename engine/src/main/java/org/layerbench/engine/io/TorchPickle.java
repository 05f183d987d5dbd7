package org.layerbench.engine.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a state_dict saved by {@code torch.save} (the zip format of PyTorch ≥ 1.6) without
 * executing anything: a pickle interpreter for the opcodes such files use, whose only callables are
 * the ones {@code torch.load(weights_only=True)} allows (OrderedDict, _rebuild_tensor_v2,
 * _rebuild_parameter, the storage types). Any other global — {@code os.system}, {@code eval}, a
 * class of the saving program — is refused with a message before it could be called.
 *
 * <p>Nothing a file declares is allocated before it is checked: every size, stride and storage
 * offset against the storage the tensor views and that storage against its zip entry; the tensors'
 * total against the file's size ({@link TorchStorages#MAX_EXPANSION}, so a stride-0 tensor cannot
 * turn 100 KB into gigabytes) and against the free heap ({@link MemoryBudget}); the pickle's own
 * size and the objects it builds. Every refusal is an {@link IOException} with one line.
 *
 * <p>A training checkpoint ({@code {'epoch': …, 'state_dict': …, 'optimizer': …}}) is unwrapped:
 * the tensors of its {@code state_dict} (or {@code model_state_dict}, {@code model}) entry are
 * read, and {@link Contents#note} says so.
 *
 * <p>This class opens the zip and picks the state_dict; {@link PickleMachine} runs the pickle's
 * opcodes, {@link TorchRebuild} is the list of what it may call, and {@link TorchStorages} reads
 * zip entries and copies the kept tensors out of their storages.
 */
public final class TorchPickle {
  /** data.pkl of a state_dict is a few bytes per tensor; a million tensors stay under this. */
  static final long MAX_PICKLE_BYTES = 16L << 20;

  /** The entries of a checkpoint dict that hold the model's state_dict, in the order tried. */
  static final List<String> WRAPPERS = List.of("state_dict", "model_state_dict", "model");

  private TorchPickle() {}

  /**
   * What a {@code .pt} held.
   *
   * @param tensors the state_dict's tensors, in the file's order
   * @param note null for a plain state_dict; for a checkpoint dict, a sentence saying which entry
   *     was read ("a checkpoint (entries: epoch, state_dict, optimizer); its 'state_dict' entry was
   *     read"), for callers to print
   */
  public record Contents(SequencedMap<String, TensorData> tensors, String note) {}

  /** Reads the tensors of a state_dict file (or of a checkpoint's state_dict), in file order. */
  public static SequencedMap<String, TensorData> read(Path file) throws IOException {
    return load(file).tensors();
  }

  /** Reads the tensors and says whether they were unwrapped from a checkpoint dict. */
  public static Contents load(Path file) throws IOException {
    long fileSize = Files.size(file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry pkl =
          zip.stream()
              .filter(e -> e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IOException(
                          file
                              + ": not a PyTorch zip checkpoint (no data.pkl); old-format .pt files are not read"));
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      byte[] pickle = TorchStorages.readEntry(zip, pkl, MAX_PICKLE_BYTES, "data.pkl", fileSize);
      Object root;
      try {
        root = new PickleMachine(pickle).run();
      } catch (IOException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      Selected selected = select(root, file);
      TorchStorages m = new TorchStorages(zip, prefix, fileSize);
      SequencedMap<String, TensorData> out = new LinkedHashMap<>();
      try {
        for (var e : selected.tensors.entrySet()) {
          out.put(e.getKey(), m.tensor(e.getKey(), e.getValue()));
        }
      } catch (IOException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      return new Contents(out, selected.note);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a PyTorch zip checkpoint (" + e.getMessage() + ")");
    } catch (java.io.EOFException e) {
      // ZipFile's constructor, looking for the end of a damaged central directory
      throw new IOException(file + ": not a PyTorch zip checkpoint (a damaged zip: it ends early)");
    } catch (IllegalArgumentException | java.util.zip.ZipError e) {
      // ZipFile's own reaction to a malformed entry name or central directory
      throw new IOException(
          file + ": not a PyTorch zip checkpoint (a malformed zip: " + e.getMessage() + ")");
    }
  }

  private record Selected(SequencedMap<String, TorchRebuild.TensorRef> tensors, String note) {}

  /** The state_dict: the pickle's dict itself, or the entry of a checkpoint dict that holds it. */
  private static Selected select(Object root, Path file) throws IOException {
    if (!(root instanceof Map<?, ?> map)) {
      throw new IOException(
          file + ": not a state_dict (the pickle holds a " + PickleMachine.describe(root) + ")");
    }
    SequencedMap<String, TorchRebuild.TensorRef> top = tensors(map);
    if (!top.isEmpty() || map.isEmpty()) {
      return new Selected(top, null);
    }
    List<String> keys = new ArrayList<>();
    for (Object k : map.keySet()) {
      keys.add(k instanceof String s ? s : PickleMachine.describe(k));
    }
    String entries =
        keys.size() <= 8
            ? String.join(", ", keys)
            : String.join(", ", keys.subList(0, 8)) + ", … (" + keys.size() + " in all)";
    for (String wrapper : WRAPPERS) {
      if (map.get(wrapper) instanceof Map<?, ?> inner) {
        SequencedMap<String, TorchRebuild.TensorRef> found = tensors(inner);
        if (!found.isEmpty()) {
          return new Selected(
              found,
              "a checkpoint (entries: "
                  + entries
                  + "), not a bare state_dict; the "
                  + found.size()
                  + " tensors of its '"
                  + wrapper
                  + "' entry were read");
        }
      }
    }
    throw new IOException(
        file
            + ": not a state_dict: the file holds a dict without tensors (entries: "
            + entries
            + "); expected a state_dict, or a checkpoint with a "
            + String.join(", ", WRAPPERS.stream().map(w -> "'" + w + "'").toList())
            + " entry holding one");
  }

  private static SequencedMap<String, TorchRebuild.TensorRef> tensors(Map<?, ?> map) {
    SequencedMap<String, TorchRebuild.TensorRef> out = new LinkedHashMap<>();
    for (var e : map.entrySet()) {
      if (e.getKey() instanceof String k && e.getValue() instanceof TorchRebuild.TensorRef t) {
        out.put(k, t);
      }
    }
    return out;
  }
}
