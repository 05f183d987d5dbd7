package org.layerbench.engine.data;

import java.nio.file.Path;

/**
 * A file that was left out of a dataset or a batch, and why ("zero bytes", "not an image file").
 * Shown to the user as is, so the reason is short and human.
 */
public record FileProblem(Path file, String reason) {}
