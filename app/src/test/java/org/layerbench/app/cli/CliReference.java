package org.layerbench.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Writes the reference part of {@code docs/cli.md} from the CLI's own {@code --help} texts, so it
 * cannot drift from the commands. The file has two parts: prose written by hand (conventions,
 * examples, what each command prints), kept as it is, then {@link #MARKER} and the generated
 * reference. {@link CliReferenceTest} fails when the generated part differs from what this class
 * writes now; run it with {@value #WRITE_PROPERTY}{@code =true} to rewrite that part.
 */
final class CliReference {
  /** The system property that makes {@link CliReferenceTest} rewrite the file. */
  static final String WRITE_PROPERTY = "layerbench.cliDocs.write";

  /** The command that regenerates the file, quoted in the test's failure message. */
  static final String REGENERATE =
      "./mvnw -q -o -B -pl engine,app test -Dtest=CliReferenceTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -D"
          + WRITE_PROPERTY
          + "=true";

  /** The line between the hand-written part and the generated one. */
  static final String MARKER =
      "<!-- Generated below from the commands' --help by"
          + " app/src/test/java/org/layerbench/app/cli/CliReference.java: do not edit below this"
          + " line. Regenerate: "
          + REGENERATE
          + " -->";

  /** Help is laid out at a fixed width so the file does not depend on the terminal. */
  private static final int WIDTH = 100;

  private CliReference() {}

  /** The file as it should be: the given hand-written part, the marker, the reference. */
  static String document(String handWritten) {
    return handWritten + MARKER + "\n\n" + reference();
  }

  /** The hand-written part of an existing file: everything before the marker, or null. */
  static String handWritten(String file) {
    int at = file.indexOf(MARKER);
    return at < 0 ? null : file.substring(0, at);
  }

  /** The generated part: a contents list and every command's help, top command first. */
  static String reference() {
    List<CommandLine> commands = new ArrayList<>();
    collect(new CommandLine(new LayerbenchCommand()), commands);
    StringBuilder md = new StringBuilder("## Reference\n\n");
    for (CommandLine c : commands) {
      String name = c.getCommandSpec().qualifiedName();
      md.append("- [`").append(name).append("`](#").append(anchor(name)).append(")\n");
    }
    for (CommandLine c : commands) {
      md.append("\n### ")
          .append(c.getCommandSpec().qualifiedName())
          .append("\n\n```text\n")
          .append(help(c))
          .append("\n```\n");
    }
    return md.toString();
  }

  private static void collect(CommandLine c, List<CommandLine> into) {
    into.add(c);
    for (CommandLine sub : c.getSubcommands().values()) {
      // picocli lists a command under each of its names; an alias must not repeat it.
      if (!into.contains(sub)) {
        collect(sub, into);
      }
    }
  }

  private static String help(CommandLine c) {
    c.setUsageHelpAutoWidth(false);
    c.setUsageHelpWidth(WIDTH);
    return String.join(
        "\n",
        c.getUsageMessage(CommandLine.Help.Ansi.OFF)
            .strip()
            .lines()
            .map(String::stripTrailing)
            .toList());
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
  private static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
  }

  /** Rewrites the generated part of {@code docs/cli.md} under the repository root. */
  static void write(Path repositoryRoot) throws IOException {
    Path file = repositoryRoot.resolve("docs/cli.md");
    String kept =
        Files.exists(file)
            ? handWritten(Files.readString(file, StandardCharsets.UTF_8))
            : "# Command-line reference\n\n";
    if (kept == null) {
      throw new IOException(file + " has no line " + MARKER + "; add it where the reference goes");
    }
    Files.writeString(file, document(kept), StandardCharsets.UTF_8);
  }

  /** Rewrites docs/cli.md; the argument is the repository root (default: the parent folder). */
  public static void main(String[] args) throws IOException {
    write(Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize());
  }
}
