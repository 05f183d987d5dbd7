package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.util.List;
import org.layerbench.app.FileErrors;
import org.layerbench.engine.train.EngineUnavailableException;
import picocli.CommandLine;

/**
 * Runs one CLI command with the exit-code contract of DESIGN §6: 0 success, 1 a user error or a
 * failed file operation (one line on stderr saying which file and why), 2 bad usage (one line and
 * where to find help). A stack trace is printed only with {@code --debug}.
 */
public final class Cli {
  private Cli() {}

  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    LayerbenchCommand top = new LayerbenchCommand();
    CommandLine cmd = new CommandLine(top);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setParameterExceptionHandler(
        (ex, badArgs) -> {
          CommandLine where = ex.getCommandLine();
          String suggestion = "";
          if (ex instanceof CommandLine.UnmatchedArgumentException u
              && !u.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
          }
          err.println(
              "layerbench: "
                  + oneLine(ex.getMessage())
                  + suggestion
                  + " (see '"
                  + where.getCommandSpec().qualifiedName()
                  + " --help')");
          if (top.debug) {
            ex.printStackTrace(err);
          }
          err.flush();
          return where.getCommandSpec().exitCodeOnInvalidInput();
        });
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          report(ex, top.debug, err);
          return 1;
        });
    int code;
    try {
      code = cmd.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // picocli handles exceptions; an Error thrown by a command unwinds past it.
      report(e, top.debug, err);
      code = 1;
    }
    out.flush();
    err.flush();
    return code;
  }

  /** One line for a failure of a command; the stack trace too with {@code --debug}. */
  static void report(Throwable ex, boolean debug, PrintWriter err) {
    err.println("layerbench: " + oneLine(describe(ex)));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  /** What a user reads about a failure: their mistake, a file operation, or our bug. */
  static String describe(Throwable ex) {
    Throwable cause = unwrap(ex);
    if (cause instanceof UserException || cause instanceof EngineUnavailableException) {
      return cause.getMessage();
    }
    var file = FileErrors.find(cause);
    if (file.isPresent()) {
      return file.get();
    }
    if (cause instanceof OutOfMemoryError) {
      return "not enough memory ("
          + cause.getMessage()
          + "): try smaller images (--size), a smaller --batch, or a larger Java heap (-Xmx)";
    }
    if (cause instanceof StackOverflowError) {
      return "the input is nested too deeply to process";
    }
    return "internal error: "
        + cause
        + " (run again with --debug for the details, and please report it)";
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CommandLine.ExecutionException
            || t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException
            || t instanceof java.lang.reflect.InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    List<String> lines = s.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return String.join(" ", lines);
  }
}
