package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatDetectorTest {

  @TempDir Path dir;

  @Test
  void sentiment140IsQuotedCommaSeparatedUtf8WithElevenBrokenLines() throws Exception {
    FormatProposal p = TextFormat.detect(SharedTextData.file(SharedTextData.SENTIMENT140));
    assertThat(p.format())
        .isEqualTo(new TextFormat(',', false, true, "5", "0", TextEncoding.UTF8_REPLACE));
    assertThat(p.decoding().problemLines()).isEqualTo(11);
    assertThat(p.rows()).isEqualTo(20_000);
    assertThat(p.reasons())
        .anySatisfy(r -> assertThat(r).startsWith("encoding utf-8-replace: 11 lines have"))
        .anySatisfy(r -> assertThat(r).startsWith("quoting on"))
        .anySatisfy(r -> assertThat(r).startsWith("no header"))
        .anySatisfy(r -> assertThat(r).startsWith("label column 0: 2 distinct values"));
  }

  @Test
  void theUciFilesAreUnquotedTabSeparatedUtf8() throws Exception {
    for (String name : new String[] {SharedTextData.AMAZON, SharedTextData.YELP}) {
      FormatProposal p = TextFormat.detect(SharedTextData.file(name));
      assertThat(p.format())
          .as(name)
          .isEqualTo(new TextFormat('\t', false, false, "0", "1", TextEncoding.UTF8_STRICT));
      assertThat(p.rows()).isEqualTo(1000);
      assertThat(p.reasons())
          .contains("quoting off: '\"' appears inside fields but never encloses one");
    }
  }

  @Test
  void aHeaderIsRecognisedAndColumnsAreProposedByName() throws Exception {
    StringBuilder s = new StringBuilder("sentiment;review;id\n");
    for (int i = 0; i < 50; i++) {
      s.append(i % 3 == 0 ? "neg" : "pos")
          .append(";this is review number ")
          .append(i)
          .append(" and it is long enough;")
          .append(1000 + i)
          .append('\n');
    }
    Path f = Files.writeString(dir.resolve("h.csv"), s, StandardCharsets.UTF_8);
    FormatProposal p = TextFormat.detect(f);
    assertThat(p.format())
        .isEqualTo(
            new TextFormat(';', true, false, "review", "sentiment", TextEncoding.UTF8_STRICT));
    assertThat(p.rows()).isEqualTo(50);
  }

  @Test
  void aSingleByteFileIsProposedAsWindows1252() throws Exception {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      s.append("caf\u00e9 number ").append(i).append(" was fine|").append(i % 2).append('\n');
    }
    Path f = Files.write(dir.resolve("w.txt"), s.toString().getBytes("windows-1252"));
    FormatProposal p = TextFormat.detect(f);
    assertThat(p.format())
        .isEqualTo(new TextFormat('|', false, false, "0", "1", TextEncoding.WINDOWS_1252));
  }

  @Test
  void aFileWithoutColumnsIsRefusedWithAReason() throws Exception {
    Path f = Files.writeString(dir.resolve("prose.txt"), "just some words\nand more words\n");
    assertThatThrownBy(() -> TextFormat.detect(f))
        .isInstanceOf(TextFileException.class)
        .hasMessage(
            "prose.txt: no delimiter (, tab ; |) splits its lines into the same number of"
                + " columns");
  }
}
