package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import org.layerbench.engine.train.EngineUnavailableException;
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
          Throwable cause =
              ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
          if (cause instanceof UserException || cause instanceof EngineUnavailableException) {
            err.println("layerbench: " + cause.getMessage());
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
