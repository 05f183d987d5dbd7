package org.layerbench.engine.data.transform;

import java.util.List;

/**
 * One parameter of a transform type, named as torchvision's keyword argument, for the pipeline
 * JSON, the augmentation editor and {@code --help}.
 *
 * @param name torchvision's keyword (for example {@code brightness}, {@code padding_mode})
 * @param kind the JSON form of the value
 * @param defaultValue torchvision's default, in JSON form (Integer, Double, Boolean, String, List),
 *     or null when the parameter is required or absent by default
 * @param required whether a pipeline step must give it
 * @param min smallest allowed number (for every number of a list), or null
 * @param max largest allowed number, or null
 * @param choices allowed strings for {@link Kind#CHOICE}
 * @param doc one line for tooltips and help
 */
public record TransformParam(
    String name,
    Kind kind,
    Object defaultValue,
    boolean required,
    Double min,
    Double max,
    List<String> choices,
    String doc) {

  /** The value forms. */
  public enum Kind {
    INT,
    FLOAT,
    BOOL,
    CHOICE,
    /** An output size: one number (a square, or for Resize the shorter side) or [height, width]. */
    SIZE,
    /** A range: one number (meaning a range around a centre, as torchvision does) or [min, max]. */
    RANGE,
    /** A list of numbers (mean, std, fill, padding, translate). */
    NUMBERS
  }

  public TransformParam {
    choices = List.copyOf(choices);
  }

  static TransformParam opt(
      String name, Kind kind, Object def, Double min, Double max, String doc) {
    return new TransformParam(name, kind, def, false, min, max, List.of(), doc);
  }

  static TransformParam required(String name, Kind kind, Double min, String doc) {
    return new TransformParam(name, kind, null, true, min, null, List.of(), doc);
  }

  static TransformParam choice(String name, String def, List<String> choices, String doc) {
    return new TransformParam(name, Kind.CHOICE, def, false, null, null, choices, doc);
  }
}
