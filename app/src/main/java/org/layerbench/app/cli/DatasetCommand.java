package org.layerbench.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code layerbench dataset …}: commands about a dataset folder. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Look at a dataset folder.",
    subcommands = {DatasetStatsCommand.class})
public final class DatasetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
