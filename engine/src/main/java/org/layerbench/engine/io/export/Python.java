package org.layerbench.engine.io.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Python interpreter that imports torch, used to verify exports against real PyTorch: {@code
 * LAYERBENCH_PYTHON} when set, else {@code python3} on the PATH, else {@code /usr/bin/python3}
 * (Debian's, where {@code python3-torch} installs; a {@code python3} earlier on the PATH may be
 * another interpreter without torch). Nothing of LayerBench needs it; without it verification
 * through Python is skipped and says why.
 */
public final class Python {
  private final String executable;
  private final String torchVersion;

  private Python(String executable, String torchVersion) {
    this.executable = executable;
    this.torchVersion = torchVersion;
  }

  /** The result of one run: exit code and what it printed. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** What {@link #find()} found, or why nothing was usable. */
  public record Lookup(Optional<Python> python, String whyNot) {}

  private static volatile Lookup cached;

  /** The first interpreter that imports torch; looked up once per process. */
  public static Lookup find() {
    Lookup l = cached;
    if (l == null) {
      l = lookup();
      cached = l;
    }
    return l;
  }

  private static Lookup lookup() {
    List<String> candidates = new ArrayList<>();
    String env = System.getenv("LAYERBENCH_PYTHON");
    if (env != null && !env.isBlank()) {
      candidates.add(env);
    }
    candidates.add("python3");
    if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
      candidates.add("/usr/bin/python3");
    }
    List<String> tried = new ArrayList<>();
    for (String c : candidates) {
      try {
        Result r =
            run(c, null, Duration.ofSeconds(60), "-c", "import torch; print(torch.__version__)");
        if (r.ok()) {
          return new Lookup(Optional.of(new Python(c, r.stdout().strip())), null);
        }
        tried.add(c + " cannot import torch");
      } catch (IOException e) {
        tried.add(c + " is not there");
      }
    }
    return new Lookup(
        Optional.empty(),
        "no Python with torch ("
            + String.join(", ", tried)
            + "; set LAYERBENCH_PYTHON to one that has it)");
  }

  public String executable() {
    return executable;
  }

  public String torchVersion() {
    return torchVersion;
  }

  /** Runs the interpreter with arguments in a folder, waiting at most {@code timeout}. */
  public Result run(Path workDir, Duration timeout, String... args) throws IOException {
    return run(executable, workDir, timeout, args);
  }

  /** Whether this interpreter imports a module (onnx, torchvision, lightning). */
  public boolean imports(String module) {
    try {
      return run(null, Duration.ofSeconds(60), "-c", "import " + module).ok();
    } catch (IOException e) {
      return false;
    }
  }

  private static Result run(String exe, Path workDir, Duration timeout, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(exe);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    // Both streams go to files, so neither pipe can fill and block the child, and the timeout
    // holds even when the child keeps its output open.
    Path out = Files.createTempFile("layerbench-python", ".out");
    Path err = Files.createTempFile("layerbench-python", ".err");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      throw e;
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(exe + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(
          p.exitValue(),
          new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
          new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + exe + " ran", e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
