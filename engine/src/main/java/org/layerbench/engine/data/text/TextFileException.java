package org.layerbench.engine.data.text;

/**
 * A text file cannot be read as asked: missing, empty, binary, not valid in its encoding, or not
 * parseable in its format. The message is one line meant for the user as is ("reviews.csv: line
 * 1234: bytes 0xE9 0x20 are not valid UTF-8; read it as utf-8-replace or windows-1252").
 */
public class TextFileException extends Exception {

  public TextFileException(String message) {
    super(message);
  }
}
