package org.layerbench.engine.data.text;

/**
 * A whole file decoded to characters, with what decoding met.
 *
 * @param text the file's characters (a leading byte-order mark removed)
 * @param report the decoding problems
 */
public record DecodedText(String text, DecodingReport report) {}
