package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;
import org.layerbench.engine.io.export.Python;
import org.layerbench.engine.io.export.TorchvisionCode;

/**
 * The Compose that TorchvisionCode writes, run by torchvision itself (the golden: torchvision 0.14
 * on PIL images, the reference this project's transforms are ported from), gives the tensor
 * LayerBench's own inference transform ({@link ImagePreprocessing#transform}) gives, within 1e-6,
 * on every validation image of the sample project.
 */
class TorchvisionCodeParityTest {
  @TempDir Path dir;

  private static final double[] MEAN = {0.485, 0.456, 0.406};
  private static final double[] STD = {0.229, 0.224, 0.225};

  @Test
  void generatedComposeGivesLayerBenchsTensors() throws Exception {
    Python.Lookup lookup = Python.find();
    assumeTrue(lookup.python().isPresent(), lookup.whyNot());
    Python python = lookup.python().get();
    assumeTrue(python.imports("torchvision"), "the Python with torch has no torchvision");

    Map<String, ImagePreprocessing> cases = new LinkedHashMap<>();
    // Resize + CenterCrop + Normalize without a stored pipeline (LayerBench's Preprocess).
    cases.put("resize_crop", new ImagePreprocessing(3, 72, 72, 64, 64, MEAN, STD));
    // The same as a stored validation pipeline (PipelineTransform).
    Pipeline val =
        Pipeline.of(
            Step.of(TransformType.RESIZE, "size", 72),
            Step.of(TransformType.CENTER_CROP, "size", 64),
            Step.of(TransformType.TO_TENSOR),
            Step.of(
                TransformType.NORMALIZE,
                "mean",
                List.of(0.485, 0.456, 0.406),
                "std",
                List.of(0.229, 0.224, 0.225)));
    cases.put("pipeline", new ImagePreprocessing(3, 64, 64, null, null, MEAN, STD, val.toJson()));
    // Non-square sizes, bicubic, edge padding, LayerBench's ToHSV helper, a switched-off step,
    // and ToTensor left to be added.
    Pipeline odd =
        Pipeline.of(
            Step.of(TransformType.RESIZE, "size", List.of(70, 80), "interpolation", "bicubic"),
            Step.of(TransformType.PAD, "padding", List.of(2, 3), "padding_mode", "edge"),
            Step.of(TransformType.TO_HSV),
            Step.of(TransformType.GRAYSCALE).withEnabled(false),
            Step.of(TransformType.CENTER_CROP, "size", List.of(60, 64)));
    cases.put(
        "odd",
        new ImagePreprocessing(
            3, 60, 64, null, null, new double[] {0, 0, 0}, new double[] {1, 1, 1}, odd.toJson()));

    List<Path> images = InferenceTransforms.sampleImages();
    assertThat(images).hasSizeGreaterThan(100);
    Files.write(
        dir.resolve("images.txt"),
        images.stream().map(p -> p.toAbsolutePath().toString()).toList());
    StringBuilder py = new StringBuilder();
    py.append(
        """
        import json, sys
        import numpy as np
        import torch
        from PIL import Image, ImageOps
        from torchvision import transforms

        """);
    py.append(TorchvisionCode.HELPERS).append("\n");
    List<String> names = new ArrayList<>(cases.keySet());
    py.append("CASES = {}\n");
    for (String name : names) {
      ImagePreprocessing pp = cases.get(name);
      InferenceTransforms.write(pp, images, dir.resolve(name + ".bin"));
      py.append("CASES[\"")
          .append(name)
          .append("\"] = (")
          .append(TorchvisionCode.compose(pp, ""))
          .append(", ")
          .append(pp.outputHeight())
          .append(", ")
          .append(pp.outputWidth())
          .append(")\n");
    }
    py.append(
        """
        paths = open("images.txt", encoding="utf-8").read().splitlines()
        result = {}
        for name, (compose, h, w) in CASES.items():
            expected = np.fromfile(name + ".bin", dtype="<f4").reshape(len(paths), 3, h, w)
            worst = 0.0
            for i, p in enumerate(paths):
                with Image.open(p) as im:
                    image = ImageOps.exif_transpose(im).convert("RGB")
                t = compose(image)
                assert tuple(t.shape) == (3, h, w), (name, tuple(t.shape))
                worst = max(worst, float((t - torch.from_numpy(expected[i].copy())).abs().max()))
            result[name] = worst
        print(json.dumps(result))
        """);
    Files.writeString(dir.resolve("parity.py"), py.toString());
    Python.Result r = python.run(dir, Duration.ofSeconds(120), "parity.py");
    assertThat(r.ok()).as(r.stderr()).isTrue();
    Map<String, Object> worst =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(
                r.stdout().strip(), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    assertThat(worst.keySet()).hasSameElementsAs(names);
    for (String name : names) {
      assertThat(((Number) worst.get(name)).doubleValue()).as(name).isLessThanOrEqualTo(1e-6);
    }
  }
}
