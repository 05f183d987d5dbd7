package org.layerbench.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs one CLI command with the exit-code contract of DESIGN §6. */
public final class Cli {
  private Cli() {}

  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(new LayerbenchCommand());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UserException) {
            err.println("layerbench: " + ex.getMessage());
          } else {
            err.println("layerbench: internal error: " + ex);
            ex.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
