package org.layerbench.app.gui.data;

import java.nio.file.Path;

/**
 * One image of the open dataset as the grid lists it.
 *
 * @param file the image file (absolute)
 * @param label its class index
 * @param className its class folder's name
 * @param split "train", "val" or "test"
 */
public record DataImage(Path file, int label, String className, String split) {}
