package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process CLI run: exit code, standard output and standard error. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
