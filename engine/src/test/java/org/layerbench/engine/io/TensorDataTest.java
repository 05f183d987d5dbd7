package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorDataTest {

  @Test
  void floatsAreLittleEndianF32() {
    TensorData t = TensorData.ofFloats(new long[] {2}, new float[] {1f, -2f});
    assertThat(t.dtype()).isEqualTo("F32");
    assertThat(t.data()).containsExactly(0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0);
    assertThat(t.floats()).containsExactly(1f, -2f);
    assertThat(t.numel()).isEqualTo(2);
  }

  @Test
  void longsAreLittleEndianI64AndAScalarHasOneElement() {
    TensorData t = TensorData.ofLongs(new long[] {}, new long[] {258});
    assertThat(t.dtype()).isEqualTo("I64");
    assertThat(t.data()).containsExactly(2, 1, 0, 0, 0, 0, 0, 0);
    assertThat(t.longs()).containsExactly(258L);
    assertThat(t.numel()).isEqualTo(1);
  }

  @Test
  void equalityIsByContent() {
    TensorData a = TensorData.ofFloats(new long[] {1, 2}, new float[] {3, 4});
    TensorData b = TensorData.ofFloats(new long[] {1, 2}, new float[] {3, 4});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(TensorData.ofFloats(new long[] {2, 1}, new float[] {3, 4}));
    assertThat(a).isNotEqualTo(TensorData.ofFloats(new long[] {1, 2}, new float[] {3, 5}));
    assertThat(a).isNotEqualTo(new TensorData("I32", new long[] {1, 2}, a.data()));
    assertThat(a.toString()).isEqualTo("TensorData[F32 [1, 2], 8 bytes]");
  }

  @Test
  void shapeCannotBeChangedFromOutside() {
    long[] shape = {2};
    TensorData t = TensorData.ofFloats(shape, new float[] {1, 2});
    shape[0] = 7;
    t.shape()[0] = 9;
    assertThat(t.shape()).containsExactly(2L);
  }

  @Test
  void refusesDataThatDoesNotMatchTheShape() {
    assertThatThrownBy(() -> new TensorData("F32", new long[] {2, 3}, new byte[20]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("F32 [2, 3] needs 24 bytes but 20 were given");
    assertThatThrownBy(() -> TensorData.ofFloats(new long[] {3}, new float[] {1}))
        .hasMessage("shape [3] holds 3 values but 1 were given");
    assertThatThrownBy(() -> new TensorData("F32", new long[] {-1}, new byte[0]))
        .hasMessageContaining("negative dimension");
    assertThatThrownBy(() -> new TensorData("Q4", new long[] {1}, new byte[1]))
        .hasMessageStartingWith("unknown dtype \"Q4\"");
  }

  @Test
  void typedAccessorsCheckTheDtype() {
    TensorData longs = TensorData.ofLongs(new long[] {1}, new long[] {1});
    assertThatThrownBy(longs::floats)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the tensor is I64, not F32");
    assertThatThrownBy(TensorData.ofFloats(new long[] {1}, new float[] {1})::longs)
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void dtypeSizesFollowSafetensors() {
    assertThat(TensorData.DTYPES)
        .containsExactly("F32", "F64", "I64", "I32", "U8", "BOOL", "F16", "BF16");
    assertThat(TensorData.DTYPES.stream().mapToInt(TensorData::dtypeSize))
        .containsExactly(4, 8, 8, 4, 1, 1, 2, 2);
  }
}
