package org.layerbench.engine.nn;

import java.io.IOException;
import java.io.OutputStream;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import org.layerbench.engine.io.StreamedTensors;
import org.layerbench.engine.io.TensorData;

/**
 * A read-only map of named tensors as file data that makes each tensor's data only when it is asked
 * for (by {@link #get}, or while iterating the entries), never to answer which names there are:
 * AbstractMap's own keySet, size and containsKey would walk the entries and copy every tensor.
 */
abstract class TensorDataView extends AbstractMap<String, TensorData>
    implements SequencedMap<String, TensorData>, StreamedTensors {
  /** The names, in order. */
  protected abstract List<String> names();

  /** A named tensor's data, made now. */
  protected abstract TensorData data(String name);

  @Override
  public TensorData get(Object key) {
    return key instanceof String name && names().contains(name) ? data(name) : null;
  }

  @Override
  public Set<String> keySet() {
    return Collections.unmodifiableSequencedSet(new LinkedHashSet<>(names()));
  }

  @Override
  public boolean containsKey(Object key) {
    return names().contains(key);
  }

  @Override
  public int size() {
    return names().size();
  }

  /** The same tensors in the opposite order, read through this view. */
  @Override
  public SequencedMap<String, TensorData> reversed() {
    List<String> reversed = List.copyOf(names().reversed());
    TensorDataView outer = this;
    return new TensorDataView() {
      @Override
      protected List<String> names() {
        return reversed;
      }

      @Override
      protected TensorData data(String name) {
        return outer.data(name);
      }

      @Override
      public Info info(String name) {
        return outer.info(name);
      }

      @Override
      public void writeData(String name, OutputStream out) throws IOException {
        outer.writeData(name, out);
      }
    };
  }

  @Override
  public Set<Entry<String, TensorData>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, TensorData>> iterator() {
        Iterator<String> it = names().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Entry<String, TensorData> next() {
            String name = it.next();
            return new SimpleImmutableEntry<>(name, data(name));
          }
        };
      }

      @Override
      public int size() {
        return names().size();
      }
    };
  }
}
