package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration survives run.json (for resume) and every with-copy keeps the rest. */
class TrainConfigTest {
  @Test
  void roundTripsThroughRunJsonAndCopiesKeepEverything() throws Exception {
    TrainConfig c =
        new TrainConfig(4, 16, 3e-3, "sgd", 1e-4, "cosine", 32, 0.1, 9, "cpu", 2, 1)
            .withClipNorm(2)
            .withEarlyStopping(3, "val_accuracy")
            .withGroups(new ParameterGroups(List.of("features"), true, true, Map.of("fc", 0.5)));
    ObjectMapper m = new ObjectMapper();
    assertThat(m.readValue(m.writeValueAsString(c), TrainConfig.class)).isEqualTo(c);
    TrainConfig longer = c.withEpochs(10);
    assertThat(longer.epochs()).isEqualTo(10);
    assertThat(longer.withEpochs(4)).isEqualTo(c);
    assertThat(longer.groups()).isEqualTo(c.groups());
    assertThat(longer.clipNorm()).isEqualTo(2);
    assertThat(longer.monitor()).isEqualTo("val_accuracy");
  }
}
