package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.Sample;

class TextDatasetTest {

  private static final TextFormat SENTIMENT140 =
      new TextFormat(',', false, true, "5", "0", TextEncoding.UTF8_REPLACE);
  private static final TextFormat UCI =
      new TextFormat('\t', false, false, "0", "1", TextEncoding.UTF8_STRICT);

  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Sample> all(DatasetSplits s) {
    List<Sample> all = new ArrayList<>(s.train());
    all.addAll(s.val());
    all.addAll(s.test());
    return all;
  }

  @Test
  void sentiment140Has20000RowsInTwoClassesZeroAndFour() throws Exception {
    Path file = SharedTextData.file(SharedTextData.SENTIMENT140);
    TextDataset d = TextDataset.split(file, SENTIMENT140, 0.2, 0, 1);
    assertThat(d.classes()).containsExactly("0", "4");
    assertThat(d.labelMapping())
        .containsExactly(java.util.Map.entry("0", 0), java.util.Map.entry("4", 1));
    assertThat(all(d.splits())).hasSize(20_000);
    assertThat(d.problems()).isEmpty();
    assertThat(d.decoding().get(file).problemLines()).isEqualTo(11);
    Sample first = all(d.splits()).stream().filter(s -> s.row() == 0).findFirst().orElseThrow();
    assertThat(first.label()).isZero();
    assertThat(d.text(first))
        .isEqualTo(
            "@switchfoot http://twitpic.com/2y1zl - Awww, that's a bummer.  You shoulda got David"
                + " Carr of Third Day to do it. ;D");
    // line 10057 has the first broken byte (0xD1 before '?'), read as U+FFFD
    Sample broken =
        all(d.splits()).stream().filter(s -> s.row() == 10056).findFirst().orElseThrow();
    assertThat(d.text(broken)).contains("\uFFFD?");
  }

  @Test
  void theUciFilesHave1000RowsAndReadQuotesWhole() throws Exception {
    for (String name : new String[] {SharedTextData.AMAZON, SharedTextData.YELP}) {
      Path file = SharedTextData.file(name);
      TextDataset d = TextDataset.split(file, UCI, 0.2, 0, 1);
      assertThat(d.classes()).as(name).containsExactly("0", "1");
      assertThat(all(d.splits())).hasSize(1000);
      assertThat(d.problems()).isEmpty();
    }
    TextDataset amazon =
        TextDataset.split(SharedTextData.file(SharedTextData.AMAZON), UCI, 0.2, 0, 1);
    Sample line15 =
        all(amazon.splits()).stream().filter(s -> s.row() == 14).findFirst().orElseThrow();
    assertThat(amazon.text(line15))
        .isEqualTo("The design is very odd, as the ear \"clip\" is not very comfortable at all.");
    assertThat(amazon.classes().get(line15.label())).isEqualTo("0");
  }

  @Test
  void aRowWithU0085IsReadWholeAsOneRow() throws Exception {
    Path f = write("nel.tsv", "first line\t1\nbroken\u0085in the middle\t0\nlast\t1\n");
    TextDataset d = TextDataset.split(f, UCI, 0, 0, 1);
    assertThat(d.splits().train()).hasSize(3);
    assertThat(d.text(d.splits().train().get(1))).isEqualTo("broken\u0085in the middle");
  }

  @Test
  void aStratifiedSplitKeepsEachClassShareAndIsTheSameForTheSameSeed() throws Exception {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      s.append("text ").append(i).append(',').append(i < 800 ? "pos" : "neg").append('\n');
    }
    Path f = write("s.csv", s.toString());
    TextFormat format = new TextFormat(',', false, true, "0", "1", TextEncoding.UTF8_STRICT);
    TextDataset a = TextDataset.split(f, format, 0.2, 0.1, 42);
    assertThat(a.classes()).containsExactly("neg", "pos");
    DatasetSplits sp = a.splits();
    assertThat(sp.train()).hasSize(700);
    assertThat(sp.val()).hasSize(200);
    assertThat(sp.test()).hasSize(100);
    assertThat(sp.val().stream().filter(x -> x.label() == 0).count()).isEqualTo(40);
    assertThat(sp.test().stream().filter(x -> x.label() == 0).count()).isEqualTo(20);
    Set<Integer> rows = new HashSet<>();
    all(sp).forEach(x -> rows.add(x.row()));
    assertThat(rows).hasSize(1000);
    assertThat(TextDataset.split(f, format, 0.2, 0.1, 42).splits()).isEqualTo(sp);
    assertThat(TextDataset.split(f, format, 0.2, 0.1, 43).splits().val()).isNotEqualTo(sp.val());
    assertThatThrownBy(() -> TextDataset.split(f, format, 0.6, 0.4, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void numericLabelsSortAsNumbersOthersAsStrings() throws Exception {
    Path f = write("n.csv", "a,10\nb,9\nc,0\n");
    TextFormat format = new TextFormat(',', false, true, "0", "1", TextEncoding.UTF8_STRICT);
    assertThat(TextDataset.split(f, format, 0, 0, 1).classes()).containsExactly("0", "9", "10");
    Path g = write("m.csv", "a,b\nb,B\nc,a\nd,10\n");
    assertThat(TextDataset.split(g, format, 0, 0, 1).classes())
        .containsExactly("10", "B", "a", "b");
  }

  @Test
  void badRowsAreListedWithLineAndWhyAndNeverUsed() throws Exception {
    Path f = write("bad.csv", "id,text,label\n1,good,pos\n2\n3,,neg\n\n5,fine,\n6,ok,neg\n");
    TextFormat format = new TextFormat(',', true, true, "text", "label", TextEncoding.UTF8_STRICT);
    TextDataset d = TextDataset.split(f, format, 0, 0, 1);
    assertThat(d.splits().train()).hasSize(2);
    assertThat(d.problems())
        .extracting(RowProblem::toString)
        .containsExactly(
            "bad.csv: line 3: missing columns: 1 field, the text is in column 1 and the label in"
                + " column 2",
            "bad.csv: line 4: empty text",
            "bad.csv: line 5: blank line",
            "bad.csv: line 6: empty label");
    assertThat(d.problems()).extracting(RowProblem::row).containsExactly(1, 2, 3, 4);
    assertThat(d.splits().skipped()).hasSize(4);
    assertThat(d.splits().skipped().getFirst().reason()).startsWith("line 3: missing columns");
    Sample bad = new Sample(f, 0, 1);
    assertThatThrownBy(() -> d.text(bad)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void separateFilesShareTheTrainingClassesAndListUnknownLabels() throws Exception {
    TextFormat format = new TextFormat(',', false, true, "0", "1", TextEncoding.UTF8_STRICT);
    Path train = write("train.csv", "a,pos\nb,neg\nc,pos\n");
    Path val = write("val.csv", "d,neg\ne,meh\nf,pos\n");
    Path test = write("test.csv", "g,pos\n");
    TextDataset d = TextDataset.files(train, val, test, format);
    assertThat(d.classes()).containsExactly("neg", "pos");
    assertThat(d.splits().train()).hasSize(3);
    assertThat(d.splits().val()).containsExactly(new Sample(val, 0, 0), new Sample(val, 1, 2));
    assertThat(d.splits().test()).containsExactly(new Sample(test, 1, 0));
    assertThat(d.text(new Sample(val, 1, 2))).isEqualTo("f");
    assertThat(d.problems())
        .extracting(RowProblem::toString)
        .containsExactly("val.csv: line 2: label 'meh' is not among the training file's labels");
    assertThat(d.decoding()).containsOnlyKeys(train, val, test);
    assertThat(TextDataset.files(train, val, null, format).splits().test()).isEmpty();
  }

  @Test
  void unusableFilesGiveOneClearMessage() throws Exception {
    TextFormat format = new TextFormat(',', false, true, "0", "1", TextEncoding.UTF8_STRICT);
    assertThatThrownBy(() -> TextDataset.split(dir.resolve("none.csv"), format, 0.2, 0, 1))
        .isInstanceOf(TextFileException.class)
        .hasMessageEndingWith("none.csv: no such file");
    Path empty = write("empty.csv", "");
    assertThatThrownBy(() -> TextDataset.split(empty, format, 0.2, 0, 1))
        .hasMessage("empty.csv: the file is empty (zero bytes)");
    Path junk = Files.write(dir.resolve("junk.csv"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
    assertThatThrownBy(() -> TextDataset.split(junk, format, 0.2, 0, 1))
        .hasMessageStartingWith("junk.csv: line 1 contains a NUL byte");
    Path oneColumn = write("one.csv", "just text\nmore text\n");
    assertThatThrownBy(() -> TextDataset.split(oneColumn, format, 0.2, 0, 1))
        .isInstanceOf(TextFileException.class)
        .hasMessage(
            "one.csv: no usable row in 2 records (first: one.csv: line 1: missing columns: 1"
                + " field, the text is in column 0 and the label in column 1)");
    Path named = write("named.csv", "a,b\n");
    TextFormat byName = new TextFormat(',', false, true, "text", "1", TextEncoding.UTF8_STRICT);
    assertThatThrownBy(() -> TextDataset.split(named, byName, 0.2, 0, 1))
        .hasMessage(
            "named.csv: the text column 'text' is a name, but the file is read without a header;"
                + " give a 0-based index");
  }
}
