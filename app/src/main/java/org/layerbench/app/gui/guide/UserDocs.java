package org.layerbench.app.gui.guide;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The user documentation shipped inside the app (the README and {@code docs/*.md}, packed under
 * {@value #ROOT}/ by the app's build), rendered to HTML pages in a folder so the system browser can
 * show them with their tables, screenshots and links between pages. Rendering is CommonMark with
 * GitHub's tables and heading anchors, as the pages read on the project's site.
 */
public final class UserDocs {
  static final String ROOT = "org/layerbench/docs";

  /** The window's guide, what Help → User Guide opens. */
  public static final String WINDOW = "docs/gui.md";

  /** The command line's reference. */
  public static final String CLI = "docs/cli.md";

  /** The README: what LayerBench is, install, a tour. */
  public static final String README = "README.md";

  /** Every page that may ship; a page the build left out is skipped. */
  static final List<String> PAGES =
      List.of(
          README,
          WINDOW,
          CLI,
          "docs/file-formats.md",
          "docs/architecture.md",
          "docs/performance.md",
          "docs/performance-log.md");

  private final ClassLoader loader;
  private final Parser parser;
  private final HtmlRenderer renderer;

  public UserDocs() {
    this(UserDocs.class.getClassLoader());
  }

  UserDocs(ClassLoader loader) {
    this.loader = loader;
    List<Extension> ext = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    parser = Parser.builder().extensions(ext).build();
    renderer =
        HtmlRenderer.builder()
            .extensions(ext)
            .attributeProviderFactory(
                context ->
                    (node, tag, attributes) -> {
                      if (node instanceof Link && attributes.containsKey("href")) {
                        attributes.put("href", htmlLink(attributes.get("href")));
                      }
                    })
            .build();
  }

  /**
   * Renders every shipped page, and the images they show, into {@code folder} (replacing an older
   * rendering) and returns the HTML file of {@code page}.
   *
   * @throws IOException when the page does not ship with this build or the folder cannot be written
   */
  public Path render(Path folder, String page) throws IOException {
    if (loader.getResource(ROOT + "/" + page) == null) {
      throw new IOException("the documentation page " + page + " is not part of this build");
    }
    for (String p : PAGES) {
      String markdown = read(p);
      if (markdown == null) {
        continue;
      }
      Node doc = parser.parse(markdown);
      String parent = p.contains("/") ? p.substring(0, p.lastIndexOf('/') + 1) : "";
      for (String image : images(doc)) {
        copyResource(parent + image, folder);
      }
      write(folder.resolve(htmlName(p)), page(title(markdown, p), renderer.render(doc)));
    }
    return folder.resolve(htmlName(page));
  }

  /** "docs/gui.md" → "docs/gui.html". */
  static String htmlName(String page) {
    return page.substring(0, page.length() - ".md".length()) + ".html";
  }

  /** A relative link to a markdown page points at its rendered HTML ("cli.md#x" → "cli.html#x"). */
  static String htmlLink(String href) {
    if (href.contains("://") || href.startsWith("mailto:")) {
      return href;
    }
    int hash = href.indexOf('#');
    String path = hash < 0 ? href : href.substring(0, hash);
    String anchor = hash < 0 ? "" : href.substring(hash);
    return path.endsWith(".md") ? htmlName(path) + anchor : href;
  }

  /** The relative image paths a page shows (screenshots). */
  private static Set<String> images(Node doc) {
    Set<String> found = new LinkedHashSet<>();
    doc.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Image image) {
            String d = image.getDestination();
            if (!d.contains("://") && !d.startsWith("/") && !d.contains("..")) {
              found.add(d);
            }
            visitChildren(image);
          }
        });
    return found;
  }

  private String read(String page) throws IOException {
    try (InputStream in = loader.getResourceAsStream(ROOT + "/" + page)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void copyResource(String path, Path folder) throws IOException {
    try (InputStream in = loader.getResourceAsStream(ROOT + "/" + path)) {
      if (in == null) {
        return; // a screenshot the build left out: the page shows its alt text
      }
      Path target = folder.resolve(path);
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".img", ".tmp");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static void write(Path target, String html) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".page", ".tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String title(String markdown, String page) {
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("# ")) {
        return line.substring(2).strip();
      }
    }
    return page;
  }

  private static String page(String title, String body) {
    List<String> html = new ArrayList<>();
    html.add("<!DOCTYPE html>");
    html.add("<html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.add("<title>" + escape(title) + " — LayerBench</title>");
    html.add("<style>" + CSS + "</style></head><body>");
    html.add(body);
    html.add("</body></html>");
    return String.join("\n", html);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static final String CSS =
      "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
          + "line-height:1.5;color:#1f2328}"
          + "table{border-collapse:collapse;margin:1em 0}"
          + "th,td{border:1px solid #d0d7de;padding:.3em .6em;vertical-align:top}"
          + "th{background:#f6f8fa}"
          + "code{background:#f6f8fa;padding:.1em .3em;border-radius:4px}"
          + "pre{background:#f6f8fa;padding:1em;overflow:auto}pre code{padding:0}"
          + "img{max-width:100%}";
}
