package org.layerbench.app.cli;

import org.layerbench.app.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code layerbench}: the top command; with no arguments the launcher opens the workbench. */
@Command(
    name = "layerbench",
    mixinStandardHelpOptions = true,
    versionProvider = LayerbenchCommand.VersionProvider.class,
    description = {
      "Build, train and export neural-network classifiers.",
      "Run without arguments to open the workbench window."
    },
    subcommands = {
      TemplateCommand.class,
      InspectCommand.class,
      DatasetCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      FeaturesCommand.class,
      LrFindCommand.class,
      ImportWeightsCommand.class,
      AugmentCommand.class,
      ExportCommand.class
    })
public final class LayerbenchCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Set on the top command wherever it is given: subcommands inherit it. */
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On a failure, print the stack trace too (for reporting a bug).")
  boolean debug;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints "layerbench VERSION". */
  public static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"layerbench " + Version.get()};
    }
  }
}
