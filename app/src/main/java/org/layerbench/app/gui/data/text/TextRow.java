package org.layerbench.app.gui.data.text;

/**
 * One sample of a text dataset as the rows table shows it.
 *
 * @param split "train", "val" or "test"
 * @param text the text as read
 * @param label the class name (the label as written in the file)
 * @param tokens how many tokens the tokenizer makes of it (before cutting to the maximum length)
 */
public record TextRow(String split, String text, String label, int tokens) {}
