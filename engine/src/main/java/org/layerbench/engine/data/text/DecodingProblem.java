package org.layerbench.engine.data.text;

import java.util.HexFormat;

/**
 * One byte sequence that is not valid in the file's encoding.
 *
 * @param line the 1-based line (counted at \n) where it is
 * @param bytes the invalid sequence and, when there is one, the byte that made it invalid
 */
public record DecodingProblem(int line, byte[] bytes) {

  public DecodingProblem {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes as "0xE9 0x20". */
  public String hex() {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      if (!s.isEmpty()) {
        s.append(' ');
      }
      s.append("0x").append(HexFormat.of().withUpperCase().toHexDigits(b));
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "line " + line + ": " + hex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecodingProblem p
        && p.line == line
        && java.util.Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * line + java.util.Arrays.hashCode(bytes);
  }
}
