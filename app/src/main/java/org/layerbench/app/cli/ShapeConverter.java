package org.layerbench.app.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --input 3,224,224} (also {@code 3x224x224}) into a sample shape. */
public final class ShapeConverter implements ITypeConverter<ShapeConverter.SampleShape> {

  /** A sample shape given on the command line, such as 3,224,224. */
  public record SampleShape(List<Integer> dims) {}

  @Override
  public SampleShape convert(String value) {
    List<Integer> dims = new ArrayList<>();
    for (String part : value.trim().split("[,x×]")) {
      try {
        int d = Integer.parseInt(part.trim());
        if (d < 1) {
          throw new NumberFormatException();
        }
        dims.add(d);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a shape: give positive whole numbers such as 3,224,224");
      }
    }
    return new SampleShape(List.copyOf(dims));
  }
}
