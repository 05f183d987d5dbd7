package org.layerbench.engine.data;

import java.nio.file.Path;

/**
 * One labelled image of a dataset.
 *
 * @param file the image file
 * @param label the index of its class in {@link DatasetSplits#classes()}
 */
public record Sample(Path file, int label) {}
