package org.layerbench.app.gui.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documentation shipped in the app, rendered to pages a browser shows. */
class UserDocsTest {
  @TempDir Path tmp;

  @Test
  void rendersTheShippedWindowGuideWithTablesScreenshotsAndLinksBetweenPages() throws Exception {
    Path html = new UserDocs().render(tmp, UserDocs.WINDOW);

    assertThat(html).isEqualTo(tmp.resolve("docs/gui.html"));
    String page = Files.readString(html);
    assertThat(page)
        .contains("<title>The workbench window and the graph editor — LayerBench</title>")
        .contains("<table>")
        .contains("id=\"the-data-workspace\"")
        .contains("<img src=\"first-run-guide.png\"");
    // The screenshots it shows are there, and links to other pages point at their HTML.
    assertThat(tmp.resolve("docs/first-run-guide.png")).isNotEmptyFile();
    assertThat(tmp.resolve("docs/cli.html")).isNotEmptyFile();
    String readme = Files.readString(tmp.resolve("README.html"));
    assertThat(readme)
        .contains("href=\"docs/gui.html#the-data-workspace\"")
        .doesNotContain(".md\"");
  }

  @Test
  void linksToMarkdownPagesBecomeLinksToTheirHtml() {
    assertThat(UserDocs.htmlLink("cli.md#export")).isEqualTo("cli.html#export");
    assertThat(UserDocs.htmlLink("docs/gui.md")).isEqualTo("docs/gui.html");
    assertThat(UserDocs.htmlLink("#using-it")).isEqualTo("#using-it");
    assertThat(UserDocs.htmlLink("https://example.org/a.md")).isEqualTo("https://example.org/a.md");
  }

  @Test
  void aPageMissingFromTheBuildIsASentence() {
    assertThatThrownBy(() -> new UserDocs().render(tmp, "docs/nothing.md"))
        .isInstanceOf(IOException.class)
        .hasMessage("the documentation page docs/nothing.md is not part of this build");
  }
}
