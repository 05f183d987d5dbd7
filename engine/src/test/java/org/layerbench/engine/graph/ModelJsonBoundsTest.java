package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Issue 20: a malformed model file is one line, never a stack trace. */
class ModelJsonBoundsTest {
  private static String model(String edges) {
    return """
        {"format": "layerbench.model", "version": 1,
         "nodes": [{"id": "in", "type": "Input", "params": {"shape": [3, 8, 8]}},
                   {"id": "f", "type": "Flatten"}],
         "edges": %s}
        """
        .formatted(edges);
  }

  @Test
  void anEdgeWithANegativePortIsOneLine() {
    assertThatThrownBy(
            () -> ModelJson.parse(model("[{\"from\": \"in\", \"to\": \"f\", \"port\": -1}]")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("the edge in → f has port -1; a port is a whole number from 0 to 65536");
  }

  @Test
  void absurdPortsAndEdgesThatAreNotObjectsAreOneLine() throws Exception {
    for (String port : new String[] {"1e10", "4294967296", "0.5", "\"1\"", "[]"}) {
      assertThatThrownBy(
              () ->
                  ModelJson.parse(
                      model("[{\"from\": \"in\", \"to\": \"f\", \"port\": " + port + "}]")))
          .as(port)
          .isInstanceOf(ModelFormatException.class)
          .hasMessageContaining("has port");
    }
    assertThatThrownBy(() -> ModelJson.parse(model("[1, 2]")))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("\"edges\" must be a list of objects, but holds number");
    assertThat(ModelJson.parse(model("[{\"from\": \"in\", \"to\": \"f\"}]")).edges().get(0).port())
        .isZero();
  }

  @Test
  void absurdShapesAreReportedByTheAnalysisNotThrown() throws Exception {
    ModelGraph g =
        ModelJson.parse(
            """
            {"format": "layerbench.model", "version": 1,
             "nodes": [{"id": "in", "type": "Input", "params": {"shape": [2147483647, 2147483647, 2147483647]}},
                       {"id": "f", "type": "Flatten"},
                       {"id": "fc", "type": "Linear", "params": {"out_features": 2147483647}}],
             "edges": [{"from": "in", "to": "f"}, {"from": "f", "to": "fc"}]}
            """);
    GraphAnalysis a = GraphAnalysis.of(g);
    assertThat(a.ok()).isFalse();
    assertThat(a.problems()).isNotEmpty();
  }
}
