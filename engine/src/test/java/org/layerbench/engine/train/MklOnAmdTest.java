package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MklOnAmdTest {
  @Test
  void readsTheVendorFromCpuinfo() {
    String amd = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n";
    assertThat(MklOnAmd.vendor(amd)).isEqualTo("AuthenticAMD");
    assertThat(MklOnAmd.vendor("processor : 0\nvendor_id : GenuineIntel\n"))
        .isEqualTo("GenuineIntel");
    assertThat(MklOnAmd.vendor("")).isEmpty();
  }

  /**
   * On an AMD processor the process-wide answer to MKL's question is the helper's: libtorch's own
   * definition is loaded RTLD_LOCAL and invisible to dlsym(RTLD_DEFAULT), so finding the symbol
   * there at all means the helper is loaded globally, ahead of libtorch. And MKL inside libtorch
   * takes it: its own processor detection ({@code mkl_serv_cpu_detect}, called in libtorch's copy)
   * answers 0, its generic code path, without the helper on this AMD EPYC and 7 with it.
   */
  @Test
  void onAnAmdProcessorMklIsToldItMayUseTheIntelPaths() throws Throwable {
    assumeTrue(
        MklOnAmd.vendor(Files.readString(Path.of("/proc/cpuinfo"))).equals("AuthenticAMD"),
        "not an AMD processor");
    assumeTrue(
        MklOnAmd.class.getResource(MklOnAmd.LIBRARY) != null,
        "the engine was built without a C compiler, so without the helper");
    String off = System.getProperty("layerbench.mklAmd", System.getenv("LAYERBENCH_MKL_AMD"));
    assumeTrue(off == null || !off.trim().matches("(?i)off|0|false|no"), "turned off");
    Engines.ensureStarted();
    assertThat(MklOnAmd.enable()).isEqualTo(MklOnAmd.State.ON);
    assertThat(MklOnAmd.failure()).isEmpty();
    Linker linker = Linker.nativeLinker();
    MethodHandle dlsym =
        linker.downcallHandle(
            linker.defaultLookup().find("dlsym").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment fn =
          (MemorySegment)
              dlsym.invokeExact(MemorySegment.NULL, arena.allocateFrom("mkl_serv_intel_cpu_true"));
      assertThat(fn).isNotEqualTo(MemorySegment.NULL);
      MethodHandle answer = linker.downcallHandle(fn, FunctionDescriptor.of(ValueLayout.JAVA_INT));
      assertThat((int) answer.invokeExact()).isEqualTo(1);
    }
    var torch = org.layerbench.engine.nn.NativeHeap.loaded("libtorch_cpu.so").orElseThrow();
    MethodHandle detect =
        linker.downcallHandle(
            torch.find("mkl_serv_cpu_detect").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    assertThat((int) detect.invokeExact()).as("MKL's code path").isPositive();
  }

  /**
   * The kernels MKL then picks compute what a plain double-precision product does, to float
   * rounding: a Linear layer's shapes at batch 16 (4096 inputs, 512 outputs), its forward product
   * and the product that gives its weight gradient.
   */
  @Test
  void theProductsStayRight() {
    Engines.ensureStarted();
    int m = 16;
    int k = 4096;
    int n = 512;
    Random random = new Random(7);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(a, new ai.djl.ndarray.types.Shape(m, k));
      NDArray w = manager.create(b, new ai.djl.ndarray.types.Shape(k, n));
      float[] y = x.matMul(w).toFloatArray();
      float[] xtY = x.transpose().matMul(x.matMul(w)).toFloatArray(); // [k, n], K = 16
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double expect = 0;
          for (int p = 0; p < k; p++) {
            expect += (double) a[i * k + p] * b[p * n + j];
          }
          // float32 accumulation over 4096 terms of size ~1: a few ulps of the sum's scale (64)
          assertThat((double) y[i * n + j])
              .isCloseTo(expect, org.assertj.core.data.Offset.offset(2e-3));
        }
      }
      for (int p = 0; p < k; p += 97) {
        for (int j = 0; j < n; j += 13) {
          double expect = 0;
          for (int i = 0; i < m; i++) {
            expect += (double) a[i * k + p] * y[i * n + j];
          }
          assertThat((double) xtY[p * n + j])
              .isCloseTo(
                  expect, org.assertj.core.data.Offset.offset(1e-3 * (1 + Math.abs(expect))));
        }
      }
    }
  }
}
