package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Optimizers written on NDArray operations that update parameters in place (DJL's Adam copies
 * gradients and allocates several temporaries per parameter, DESIGN §7). Formulas follow
 * torch.optim's documentation; the state (moments, momentum buffers, step) is exposed by name so a
 * checkpoint can save and restore it exactly. Runs on the engine thread with gradients off.
 */
public abstract class Optimizer {
  protected final double weightDecay;
  protected final SequencedMap<String, NDArray> state = new LinkedHashMap<>();
  protected long step;
  private boolean fused = true;

  protected Optimizer(double weightDecay) {
    this.weightDecay = weightDecay;
  }

  /**
   * Creates an optimizer by its CLI name: adam, adamw, sgd (momentum 0.9), sgd-nesterov, rmsprop.
   */
  public static Optimizer named(String name, double weightDecay) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "adam" -> new Adam(0.9, 0.999, 1e-8, weightDecay, false);
      case "adamw" -> new Adam(0.9, 0.999, 1e-8, weightDecay == 0 ? 0.01 : weightDecay, true);
      case "sgd" -> new Sgd(0.9, false, weightDecay);
      case "sgd-nesterov", "nesterov" -> new Sgd(0.9, true, weightDecay);
      case "rmsprop" -> new RmsProp(0.99, 1e-8, weightDecay);
      default ->
          throw new IllegalArgumentException(
              "unknown optimizer '" + name + "' (known: adam, adamw, sgd, sgd-nesterov, rmsprop)");
    };
  }

  /** Applies one update with learning rate lr to every given parameter. */
  public final void step(SequencedMap<String, NDArray> parameters, double lr) {
    step(parameters, lr, name -> 1.0);
  }

  /** Applies one update, each parameter's rate being lr times its group's multiplier. */
  public final void step(
      SequencedMap<String, NDArray> parameters,
      double lr,
      java.util.function.ToDoubleFunction<String> multiplier) {
    step++;
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray p = e.getValue();
      try (NDArray grad = p.getGradient()) {
        update(e.getKey(), p, grad, lr * multiplier.applyAsDouble(e.getKey()));
      }
    }
  }

  protected abstract void update(String name, NDArray param, NDArray grad, double lr);

  /**
   * Makes every update take the NDArray path, as on a GPU (tests compare it with the fused CPU
   * kernels, which are the default for float32 tensors in main memory).
   */
  Optimizer withoutFusedKernels() {
    fused = false;
    return this;
  }

  /**
   * The memory of each tensor when all of them can take a fused CPU kernel ({@link
   * FusedCpuUpdates}), else null.
   */
  protected MemorySegment[] fusable(NDArray... tensors) {
    if (!fused) {
      return null;
    }
    MemorySegment[] out = new MemorySegment[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      out[i] = org.layerbench.engine.nn.TensorMemory.floats(tensors[i]);
      if (out[i] == null) {
        return null;
      }
    }
    return out;
  }

  /** A state buffer of the given name for a parameter, created as zeros on first use. */
  protected NDArray buffer(String name, NDArray like) {
    return state.computeIfAbsent(
        name,
        k -> {
          NDManager m = like.getManager();
          return m.zeros(like.getShape(), like.getDataType());
        });
  }

  /** Moments and momentum buffers by "&lt;param&gt;.&lt;kind&gt;" name, for checkpoints. */
  public SequencedMap<String, NDArray> state() {
    return state;
  }

  public long stepCount() {
    return step;
  }

  /** Restores the state saved by {@link #state()} and {@link #stepCount()}. */
  public void restore(Map<String, NDArray> saved, long steps, NDManager manager) {
    state.values().forEach(NDArray::close);
    state.clear();
    saved.forEach((k, v) -> state.put(k, v));
    this.step = steps;
  }

  /**
   * torch.optim.Adam / AdamW: m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − lr·m̂/(√v̂ + ε).
   */
  static final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;

    Adam(double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
      super(weightDecay);
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.eps = eps;
      this.decoupled = decoupled;
    }

    /**
     * The moments are kept divided by (1 − β): m' = m/(1−β1), v' = v/(1−β2), which turns each
     * moment update into two in-place passes (m' ← β1·m' + g) instead of a temporary and three; the
     * factors fold into two scalars of the parameter update. Same result as torch.optim.Adam up to
     * float rounding; the optimizer step is memory-bound, so passes over the tensors are what it
     * costs.
     */
    @Override
    protected void update(String name, NDArray p, NDArray grad, double lr) {
      NDArray m = buffer(name + ".exp_avg_scaled", p);
      NDArray v = buffer(name + ".exp_avg_sq_scaled", p);
      double bc1 = 1 - Math.pow(beta1, step);
      double bc2 = 1 - Math.pow(beta2, step);
      // p ← p − lr/bc1 · m / (√(v/bc2) + ε) with m = (1−β1)·m' and v = (1−β2)·v':
      double scale = Math.sqrt((1 - beta2) / bc2);
      MemorySegment[] mem = fusable(p, grad, m, v);
      if (mem != null) {
        FusedCpuUpdates.adam(
            mem[0],
            mem[1],
            mem[2],
            mem[3],
            p.size(),
            decoupled ? (float) (1 - lr * weightDecay) : 1f,
            decoupled ? 0f : (float) weightDecay,
            (float) beta1,
            (float) beta2,
            (float) (eps / scale),
            (float) (lr * (1 - beta1) / bc1 / scale));
        return;
      }
      NDArray g = grad;
      boolean ownG = false;
      if (weightDecay != 0) {
        if (decoupled) {
          p.muli(1 - lr * weightDecay);
        } else {
          try (NDArray decay = p.mul(weightDecay)) {
            g = grad.add(decay);
          }
          ownG = true;
        }
      }
      m.muli(beta1).addi(g);
      try (NDArray sq = g.square()) {
        v.muli(beta2).addi(sq);
      }
      if (ownG) {
        g.close();
      }
      try (NDArray denom = v.sqrt()) {
        denom.addi(eps / scale).powi(-1).muli(m).muli(lr * (1 - beta1) / bc1 / scale);
        p.subi(denom);
      }
    }
  }

  /** torch.optim.RMSprop (no momentum, not centered): v ← α·v + (1−α)·g²; p ← p − lr·g/(√v + ε). */
  static final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;

    RmsProp(double alpha, double eps, double weightDecay) {
      super(weightDecay);
      this.alpha = alpha;
      this.eps = eps;
    }

    @Override
    protected void update(String name, NDArray p, NDArray grad, double lr) {
      NDArray v = buffer(name + ".square_avg", p);
      MemorySegment[] mem = fusable(p, grad, v);
      if (mem != null) {
        FusedCpuUpdates.rmsProp(
            mem[0],
            mem[1],
            mem[2],
            p.size(),
            (float) weightDecay,
            (float) alpha,
            (float) (1 - alpha),
            (float) eps,
            (float) lr);
        return;
      }
      NDArray g = grad.duplicate();
      try (g) {
        if (weightDecay != 0) {
          try (NDArray decay = p.mul(weightDecay)) {
            g.addi(decay);
          }
        }
        try (NDArray sq = g.square()) {
          sq.muli(1 - alpha);
          v.muli(alpha).addi(sq);
        }
        try (NDArray denom = v.sqrt()) {
          denom.addi(eps);
          g.divi(denom).muli(lr);
          p.subi(g);
        }
      }
    }
  }

  /** torch.optim.SGD with momentum (dampening 0) and optional Nesterov. */
  static final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    Sgd(double momentum, boolean nesterov, double weightDecay) {
      super(weightDecay);
      this.momentum = momentum;
      this.nesterov = nesterov;
    }

    @Override
    protected void update(String name, NDArray p, NDArray grad, double lr) {
      if (momentum != 0) {
        boolean first = !state.containsKey(name + ".momentum_buffer");
        NDArray buf = buffer(name + ".momentum_buffer", p);
        MemorySegment[] mem = fusable(p, grad, buf);
        if (mem != null) {
          FusedCpuUpdates.sgd(
              mem[0],
              mem[1],
              mem[2],
              first,
              p.size(),
              (float) weightDecay,
              (float) momentum,
              nesterov,
              (float) lr);
          return;
        }
        if (first) {
          state.remove(name + ".momentum_buffer").close();
        }
      }
      NDArray g = grad.duplicate();
      if (weightDecay != 0) {
        try (NDArray decay = p.mul(weightDecay)) {
          g.addi(decay);
        }
      }
      try (g) {
        if (momentum != 0) {
          NDArray buf = state.get(name + ".momentum_buffer");
          if (buf == null) {
            buf = g.duplicate();
            state.put(name + ".momentum_buffer", buf);
          } else {
            buf.muli(momentum).addi(g);
          }
          if (nesterov) {
            try (NDArray b = buf.mul(momentum)) {
              g.addi(b);
            }
          } else {
            g.muli(0).addi(buf);
          }
        }
        g.muli(lr);
        p.subi(g);
      }
    }
  }
}
