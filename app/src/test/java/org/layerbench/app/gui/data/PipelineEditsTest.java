package org.layerbench.app.gui.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;

/** The editor's pure pipeline edits: insert, remove, and moves across RandomApply's nesting. */
class PipelineEditsTest {
  private static final Step A = Step.of(TransformType.RANDOM_HORIZONTAL_FLIP);
  private static final Step B = Step.of(TransformType.RANDOM_VERTICAL_FLIP);
  private static final Step C = Step.of(TransformType.TO_HSV);
  private static final Step T = Step.of(TransformType.TO_TENSOR);

  private static List<TransformType> types(Pipeline p) {
    return p.steps().stream().map(Step::type).toList();
  }

  @Test
  void movesCountPositionsAsTheyAreBeforeTheMove() {
    Pipeline p = Pipeline.of(A, B, C, T);
    var down = PipelineEdits.move(p, StepPath.of(0), StepPath.ROOT, 3); // before T
    assertThat(down.pipeline().steps()).containsExactly(B, C, A, T);
    assertThat(down.path()).isEqualTo(StepPath.of(2));
    var up = PipelineEdits.move(p, StepPath.of(2), StepPath.ROOT, 0);
    assertThat(up.pipeline().steps()).containsExactly(C, A, B, T);
    assertThat(up.path()).isEqualTo(StepPath.of(0));
    var end = PipelineEdits.move(p, StepPath.of(1), StepPath.ROOT, 4);
    assertThat(end.pipeline().steps()).containsExactly(A, C, T, B);
    assertThat(PipelineEdits.move(p, StepPath.of(1), StepPath.ROOT, 2).pipeline()).isEqualTo(p);
  }

  @Test
  void stepsMoveIntoAndOutOfRandomApply() {
    Step group = Step.randomApply(0.3, C);
    Pipeline p = Pipeline.of(A, group, B, T);
    var in = PipelineEdits.move(p, StepPath.of(0), StepPath.of(1), 1);
    assertThat(in.pipeline().steps().get(0).steps()).containsExactly(C, A);
    assertThat(in.path()).isEqualTo(StepPath.of(0, 1));
    var out = PipelineEdits.move(in.pipeline(), StepPath.of(0, 0), StepPath.ROOT, 2);
    assertThat(out.pipeline().steps()).containsExactly(Step.randomApply(0.3, A), B, C, T);
    assertThat(out.path()).isEqualTo(StepPath.of(2));
    // a later step into the group, whose index does not shift
    var later = PipelineEdits.move(p, StepPath.of(2), StepPath.of(1), 0);
    assertThat(later.pipeline().steps()).containsExactly(A, Step.randomApply(0.3, B, C), T);
    assertThatThrownBy(() -> PipelineEdits.move(p, StepPath.of(1), StepPath.of(1), 0))
        .hasMessageContaining("into itself");
    assertThatThrownBy(() -> PipelineEdits.move(p, StepPath.of(1), StepPath.of(0), 0))
        .hasMessageContaining("only RandomApply");
  }

  @Test
  void insertReplaceAndRemoveAddressNestedSteps() {
    Pipeline p = Pipeline.of(A, Step.randomApply(0.5), T);
    Pipeline q = PipelineEdits.insert(p, StepPath.of(1), 0, C);
    assertThat(PipelineEdits.get(q, StepPath.of(1, 0))).isEqualTo(C);
    q = PipelineEdits.replace(q, StepPath.of(1, 0), C.withEnabled(false));
    assertThat(PipelineEdits.get(q, StepPath.of(1, 0)).enabled()).isFalse();
    assertThat(PipelineEdits.exists(q, StepPath.of(1, 0))).isTrue();
    assertThat(PipelineEdits.exists(q, StepPath.of(1, 1))).isFalse();
    q = PipelineEdits.remove(q, StepPath.of(1, 0));
    assertThat(q).isEqualTo(p);
    assertThat(types(PipelineEdits.remove(p, StepPath.of(0))))
        .containsExactly(TransformType.RANDOM_APPLY, TransformType.TO_TENSOR);
  }

  @Test
  void everyNewStepIsValidOnItsOwnAndTheMenuListsTheWholeCatalogue() {
    for (TransformType t : TransformType.values()) {
      Step s = PipelineEdits.newStep(t, 64);
      assertThat(PipelineCheck.checkAlone(s)).as(t.jsonName()).isNull();
    }
    assertThat(AddStepMenu.listed()).containsExactlyInAnyOrder(TransformType.values());
  }

  @Test
  void newImageStepsGoBeforeToTensorAndTensorStepsAtTheEnd() {
    Pipeline p = Pipeline.standard(64);
    assertThat(PipelineEdits.defaultIndex(p, TransformType.COLOR_JITTER)).isEqualTo(1);
    assertThat(PipelineEdits.defaultIndex(p, TransformType.RANDOM_ERASING)).isEqualTo(3);
  }

  @Test
  void errorsAreFoundForEveryBadStepAndForTheOrder() {
    Pipeline bad =
        Pipeline.of(
            Step.of(TransformType.COLOR_JITTER, "brightness", -1),
            Step.of(TransformType.RESIZE),
            T);
    assertThat(PipelineCheck.errors(bad, false))
        .containsOnlyKeys(StepPath.of(0), StepPath.of(1))
        .hasEntrySatisfying(
            StepPath.of(1),
            m ->
                assertThat(m)
                    .isEqualTo(
                        "size is required (output size: [h, w], or one number for the shorter side)."));
    Pipeline order = Pipeline.of(T, A);
    assertThat(PipelineCheck.errors(order, false))
        .containsOnlyKeys(StepPath.of(1))
        .hasEntrySatisfying(StepPath.of(1), m -> assertThat(m).contains("move it before ToTensor"));
    Pipeline nested = Pipeline.of(Step.randomApply(0.5, T));
    assertThat(PipelineCheck.errors(nested, false))
        .containsOnlyKeys(StepPath.of(0))
        .hasEntrySatisfying(
            StepPath.of(0), m -> assertThat(m).contains("ToTensor cannot be inside"));
    assertThat(PipelineCheck.errors(Pipeline.of(A, T), true))
        .hasEntrySatisfying(StepPath.of(0), m -> assertThat(m).contains("validation"));
    assertThat(PipelineCheck.errors(Pipeline.of(A.withEnabled(false), T), true)).isEmpty();
  }
}
