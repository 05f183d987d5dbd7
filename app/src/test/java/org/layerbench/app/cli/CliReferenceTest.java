package org.layerbench.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/cli.md's reference is the CLI's --help, as {@link CliReference} writes it. */
class CliReferenceTest {
  /** Tests run in app/; the docs are beside it. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void docsCliMdIsWhatTheGeneratorWritesNow() throws IOException {
    if (Boolean.getBoolean(CliReference.WRITE_PROPERTY)) {
      CliReference.write(ROOT);
    }
    Path file = ROOT.resolve("docs/cli.md");
    assertTrue(Files.isRegularFile(file), file + " is missing; write it with: " + regenerate());
    String actual = Files.readString(file, StandardCharsets.UTF_8);
    String handWritten = CliReference.handWritten(actual);
    assertNotNull(
        handWritten,
        "docs/cli.md lacks the line that starts its generated part: " + CliReference.MARKER);
    String expected = CliReference.document(handWritten);
    if (!expected.equals(actual)) {
      fail(
          "docs/cli.md differs from the commands' --help at "
              + firstDifference(expected, actual)
              + "; regenerate it with: "
              + regenerate());
    }
  }

  @Test
  void theReferenceHasEveryCommandWithItsUsage() {
    String md = CliReference.reference();
    for (String command :
        List.of(
            "layerbench",
            "layerbench template",
            "layerbench inspect",
            "layerbench dataset stats",
            "layerbench train",
            "layerbench evaluate",
            "layerbench predict",
            "layerbench features",
            "layerbench lr-find",
            "layerbench import-weights",
            "layerbench augment",
            "layerbench export")) {
      assertTrue(md.contains("\n### " + command + "\n"), command + " has no section");
      assertTrue(md.contains("Usage: " + command + " "), command + " has no usage line");
    }
  }

  @Test
  void theHandWrittenPartIsKeptAndOnlyTheReferenceIsRewritten(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    String prose = "# Commands\n\nWritten by hand.\n\n";
    Files.writeString(docs.resolve("cli.md"), prose + CliReference.MARKER + "\n\nstale text\n");
    CliReference.write(dir);
    String written = Files.readString(docs.resolve("cli.md"));
    assertEquals(CliReference.document(prose), written);
    assertTrue(written.startsWith(prose));
  }

  private static String regenerate() {
    return CliReference.REGENERATE;
  }

  /** "line N: expected …, found …" for the first line where the two texts differ. */
  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String want = i < e.size() ? e.get(i) : "(end of file)";
      String have = i < a.size() ? a.get(i) : "(end of file)";
      if (!want.equals(have)) {
        return "line " + (i + 1) + " (expected \"" + want + "\", found \"" + have + "\")";
      }
    }
    return "the end of the file (line endings differ)";
  }
}
