package org.layerbench.engine.graph;

/**
 * One error found in a graph. {@code nodeId} is null for problems of the whole graph (no Input
 * node); otherwise the editor selects that node when the problem is clicked.
 */
public record Problem(String nodeId, String message) {}
