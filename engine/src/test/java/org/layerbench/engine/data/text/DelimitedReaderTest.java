package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelimitedReaderTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  private static TextFormat format(char d, boolean header, boolean quoting) {
    return new TextFormat(d, header, quoting, "0", "1", TextEncoding.UTF8_STRICT);
  }

  @Test
  void quotingOffKeepsQuotesAsOrdinaryCharacters() throws Exception {
    Path f = write("a.tsv", "\"clip\" is odd\t0\nsays \"hi\t1\n\"quoted\" start\t1\n");
    TextTable t = DelimitedReader.read(f, format('\t', false, false));
    assertThat(t.records())
        .extracting(TextRecord::fields)
        .containsExactly(
            List.of("\"clip\" is odd", "0"),
            List.of("says \"hi", "1"),
            List.of("\"quoted\" start", "1"));
  }

  @Test
  void quotingOnUnquotesAndAQuotedFieldMaySpanLines() throws Exception {
    Path f = write("a.csv", "\"a, b\",1\n\"say \"\"hi\"\"\nthere\",2\nlast,3\n");
    TextTable t = DelimitedReader.read(f, format(',', false, true));
    assertThat(t.records())
        .containsExactly(
            new TextRecord(1, List.of("a, b", "1")),
            new TextRecord(2, List.of("say \"hi\"\nthere", "2")),
            new TextRecord(4, List.of("last", "3")));
  }

  @Test
  void linesEndOnlyAtNewlineOrCrLf() throws Exception {
    Path f =
        write(
            "a.tsv",
            "one\u0085two\t0\r\nthree\u2028four\u2029\t1\r\nfive\rsix\u000Bseven\u000Ceight\t0\n");
    TextTable t = DelimitedReader.read(f, format('\t', false, false));
    assertThat(t.records())
        .containsExactly(
            new TextRecord(1, List.of("one\u0085two", "0")),
            new TextRecord(2, List.of("three\u2028four\u2029", "1")),
            new TextRecord(3, List.of("five\rsix\u000Bseven\u000Ceight", "0")));
  }

  @Test
  void aHeaderIsReadAsColumnNamesAndColumnsResolveByNameOrIndex() throws Exception {
    Path f = write("h.csv", "id,review,stars\n1,good,5\n2,bad,1\n");
    TextTable t = DelimitedReader.read(f, format(',', true, true));
    assertThat(t.header()).containsExactly("id", "review", "stars");
    assertThat(t.records()).extracting(TextRecord::line).containsExactly(2, 3);
    assertThat(TextFormat.columnIndex("review", t.header(), "text")).isEqualTo(1);
    assertThat(TextFormat.columnIndex("2", t.header(), "label")).isEqualTo(2);
    assertThatThrownBy(() -> TextFormat.columnIndex("text", t.header(), "text"))
        .isInstanceOf(TextFileException.class)
        .hasMessage("the text column 'text' is not in the header [id, review, stars]");
    assertThatThrownBy(() -> TextFormat.columnIndex("text", List.of(), "text"))
        .hasMessageContaining("read without a header; give a 0-based index");
  }

  @Test
  void blankLinesAreKeptAsRecordsSoTheyCanBeListed() throws Exception {
    Path f = write("b.csv", "a,1\n\nb,2\n");
    TextTable t = DelimitedReader.read(f, format(',', false, true));
    assertThat(t.records())
        .containsExactly(
            new TextRecord(1, List.of("a", "1")),
            new TextRecord(2, List.of("")),
            new TextRecord(3, List.of("b", "2")));
  }

  @Test
  void anUnclosedQuoteGivesOneLineWithWhereAndWhatToDo() throws Exception {
    Path f = write("q.csv", "a,1\n\"oops\" trailing,2\n");
    assertThatThrownBy(() -> DelimitedReader.read(f, format(',', false, true)))
        .isInstanceOf(TextFileException.class)
        .hasMessageStartingWith("q.csv: line 2: a quoted field is not closed where it should be;")
        .hasMessageContaining("read it without quoting")
        .hasMessageNotContaining("\n");
  }

  @Test
  void delimitersAreNamedAsTheCliNamesThem() {
    assertThat(TextFormat.delimiterNamed("tab")).isEqualTo('\t');
    assertThat(TextFormat.delimiterNamed(";")).isEqualTo(';');
    assertThat(TextFormat.delimiterName('\t')).isEqualTo("tab");
    assertThatThrownBy(() -> TextFormat.delimiterNamed(":"))
        .hasMessage("unknown delimiter ':'; use ',', 'tab', ';' or '|'");
  }
}
