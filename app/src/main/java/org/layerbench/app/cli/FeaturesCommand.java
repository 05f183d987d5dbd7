package org.layerbench.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.Features;
import org.layerbench.engine.data.Preprocessing;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.UnreadableSampleException;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.ModelBundle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench features --model X.lbmodel|--pipeline P.json INPUT [--json]}: the tensor a
 * model receives for one input, read by the same reader prediction uses ({@link Features}).
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Print the tensor a model receives for one input: shape, dtype and values.",
      "With --model, the bundle's stored preprocessing (what predict and evaluate apply) on the"
          + " image INPUT, or for a text model on the text INPUT: its int64 token ids, length,"
          + " tokens and the tokens the vocabulary lacks (<unk>); with --pipeline, a transforms"
          + " file's val pipeline, or with --train one seeded draw of its train pipeline. --json"
          + " prints every value, flat and row-major."
    })
public final class FeaturesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Exactly one source of preprocessing. */
  static final class Source {
    @Option(
        names = "--model",
        required = true,
        paramLabel = "X.lbmodel",
        description = "a model bundle: its stored preprocessing")
    Path model;

    @Option(
        names = "--pipeline",
        required = true,
        paramLabel = "P.json",
        description = "a transforms file: its val pipeline (train with --train)")
    Path pipeline;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Parameters(
      index = "0",
      paramLabel = "INPUT",
      description = "the image file, or the text for a text model")
  String input;

  @Option(
      names = "--train",
      description = "with --pipeline: one random draw of the train pipeline instead of val")
  boolean train;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "with --pipeline --train: the draw's seed (default 0)")
  Long seed;

  @Option(names = "--json", description = "Print one JSON document with every value.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (source.model != null && (train || seed != null)) {
      throw Ranges.refuse(
          spec, "--train and --seed belong to --pipeline; a model's preprocessing is fixed");
    }
    if (seed != null && !train) {
      throw Ranges.refuse(spec, "--seed needs --train (the val pipeline draws nothing)");
    }
    Batch tensor;
    String from;
    List<Features.Token> tokens = null;
    try {
      if (source.model != null) {
        Preprocessing preprocessing = readBundle(source.model);
        if (preprocessing instanceof TextPreprocessing text) {
          if (isFile(input)) {
            throw new UserException(
                source.model
                    + " is a text model: INPUT is the text itself, not a file ("
                    + input
                    + ")");
          }
          tokens = Features.tokens(text, input);
        } else if (!looksLikeAFile(input)) {
          throw new UserException(
              source.model
                  + " is an image model: give it an image file, not text ('"
                  + EvaluateCommand.oneLine(input, 40)
                  + "')");
        }
        tensor = Features.of(preprocessing, input);
        from = "the preprocessing stored in " + source.model.getFileName();
      } else {
        PipelineFile file = AugmentCommand.readOption(source.pipeline);
        long s = seed == null ? 0 : seed;
        tensor = Features.ofPipeline(train ? file.train() : file.val(), Path.of(input), s);
        from =
            (train ? "one draw (seed " + s + ") of the train" : "the val")
                + " pipeline of "
                + source.pipeline.getFileName();
      }
    } catch (UnreadableSampleException e) {
      throw new UserException(input + ": " + e.reason());
    } catch (Features.UnsupportedModalityException e) {
      throw new UserException(source.model + ": " + e.getMessage());
    } catch (InvalidPathException e) {
      throw new UserException("not a file name: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(FeaturesReport.json(tensor, input, from, tokens));
    } else {
      out.print(FeaturesReport.text(tensor, input, from, tokens));
    }
    return 0;
  }

  private static boolean isFile(String input) {
    try {
      return java.nio.file.Files.isRegularFile(Path.of(input));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Whether an image model's INPUT could be a file: it names one that exists, or has no spaces or
   * line breaks (a missing file then gets the reader's own message).
   */
  private static boolean looksLikeAFile(String input) {
    try {
      if (java.nio.file.Files.exists(Path.of(input))) {
        return true;
      }
    } catch (InvalidPathException e) {
      return false;
    }
    return !input.isBlank() && input.chars().noneMatch(Character::isWhitespace);
  }

  private static Preprocessing readBundle(Path file) {
    try {
      return ModelBundle.read(file).preprocessing();
    } catch (ModelFormatException e) {
      throw new UserException(e.getMessage());
    } catch (IOException e) {
      throw Failures.reading(file, e);
    }
  }
}
