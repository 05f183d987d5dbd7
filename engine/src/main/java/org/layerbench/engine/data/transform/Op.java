package org.layerbench.engine.data.transform;

import java.util.random.RandomGenerator;

/**
 * One compiled step of a pipeline. Image ops run before {@code ToTensor} (on 8-bit images, with
 * PIL's semantics, as torchvision's transforms on PIL images), tensor ops after it. Every random
 * choice is drawn from the generator passed in, so a seed reproduces a preview or a run.
 */
public sealed interface Op permits Op.ImageOp, Op.TensorOp, Op.ToTensor {

  /** A transform of 8-bit images; never changes its input. */
  non-sealed interface ImageOp extends Op {
    Image8 apply(Image8 image, RandomGenerator random);
  }

  /** A transform of float images; may change its input in place and return it. */
  non-sealed interface TensorOp extends Op {
    TensorImage apply(TensorImage tensor, RandomGenerator random);
  }

  /** torchvision's {@code ToTensor}: the boundary between the two stages. */
  enum ToTensor implements Op {
    INSTANCE
  }
}
