package org.layerbench.engine.graph;

import java.util.List;

/**
 * Text classifiers over padded token ids (Input [T] int64). Their Embedding's num_embeddings is 0,
 * "the vocabulary's size", until {@link ModelGraph#bindVocabulary} sets it from the text dataset
 * (or the CLI's {@code --vocab}); until then analysis reports it as the one problem.
 */
final class TextTemplates {
  private TextTemplates() {}

  /** The input length the text templates default to (the text options' --max-length). */
  static final List<Integer> DEFAULT_INPUT = List.of(64);

  /**
   * The book's chapter-5 classifier (OurFirstLSTM): Embedding(vocab, 300) → LSTM(300, 100) whose
   * final hidden state feeds Linear(100, classes); module names as the book's.
   */
  static ModelGraph lstm(int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder("text-lstm");
    String x = tokens(b, input);
    x = b.add("embedding", LayerType.EMBEDDING, embedding(300), x);
    x = b.add("encoder", LayerType.LSTM, finalHidden(100), x);
    b.add("predictor", LayerType.LINEAR, Params.of("out_features", classes), x);
    return b.build();
  }

  /** Embedding(vocab, 100) → bidirectional LSTM(128), both final states → Linear(256, classes). */
  static ModelGraph bilstm(int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder("text-bilstm");
    String x = tokens(b, input);
    x = b.add("embedding", LayerType.EMBEDDING, embedding(100), x);
    x = b.add("lstm", LayerType.LSTM, finalHidden(128).with("bidirectional", true), x);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", classes), x);
    return b.build();
  }

  /** Embedding(vocab, 100) → GRU(128) final state → Linear(128, classes). */
  static ModelGraph gru(int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder("text-gru");
    String x = tokens(b, input);
    x = b.add("embedding", LayerType.EMBEDDING, embedding(100), x);
    x = b.add("gru", LayerType.GRU, finalHidden(128), x);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", classes), x);
    return b.build();
  }

  private static String tokens(GraphBuilder b, List<Integer> input) {
    return b.add(
        "input", LayerType.INPUT, Params.of("shape", List.copyOf(input), "dtype", "int64"));
  }

  private static Params embedding(int dim) {
    return Params.of("num_embeddings", LayerRules.VOCABULARY_SIZE, "embedding_dim", dim);
  }

  private static Params finalHidden(int hidden) {
    return Params.of("hidden_size", hidden, "output", "final_hidden");
  }
}
