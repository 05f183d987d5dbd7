package org.layerbench.engine.data;

import java.nio.file.Path;

/**
 * One problem the scan found with one image file.
 *
 * @param file the file (absolute)
 * @param split "train", "val" or "test"
 * @param className the class folder it is in
 * @param kind what is wrong; {@link ProblemKind#excludedFromTraining()} says whether training
 *     leaves the file out
 * @param reason a short human sentence ("truncated or corrupt", "same content as cat/1.png")
 * @param duplicateOf for {@link ProblemKind#DUPLICATE}, the earlier file with the same bytes;
 *     otherwise null
 */
public record ScanProblem(
    Path file, String split, String className, ProblemKind kind, String reason, Path duplicateOf) {}
