package dev.hadsl.core;

import com.google.common.base.Strings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI file edited in place without losing anything: comments, order, spacing and blank lines stay as they were.
 * For the same edits the result is byte-identical to {@code crudini} 0.9 (the tool behind RDO's openstack-config):
 * an existing key keeps its spacing and a {@code ;} comment after it (at its old column); a new key is written
 * {@code key = value} after the last key of the last block of its section, or right after that block's header; a new
 * section goes at the end after one blank line. Keys before any header and every {@code [DEFAULT]} block form one
 * section, reached as {@code ""} or {@code "DEFAULT"}; naming {@code DEFAULT} adds a {@code [DEFAULT]} header at the top
 * when there is no such block or when keys stand before the first header. Keys match case-insensitively.
 *
 * <p>Not thread-safe; one document per file being edited.
 */
public final class IniDocument {
  private static final Pattern HEADER = Pattern.compile("\\[([^\\]]+)\\]\\s*([#;].*)?");
  private static final Pattern OPTION = Pattern.compile("([^:=\\s\\[#;][^:=]*?)(\\s*[:=]\\s*)(.*)");
  private static final Pattern BARE_KEY = Pattern.compile("[^:=\\s\\[#;][^:=]*");
  private static final String DEFAULT = "DEFAULT";
  private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+(;.*)$");

  /** The file split on '\n': a trailing newline leaves an empty last element, as crudini's writer sees it. */
  private final List<String> lines;

  private IniDocument(List<String> lines) {
    this.lines = lines;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the line when a line is neither a section, a key, a comment nor blank
   */
  public static IniDocument parse(String text) {
    List<String> lines = text.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (kind(line) == Kind.INVALID) {
        throw new IllegalArgumentException("INI line " + (i + 1) + " '" + line.strip() + "' is not a section, a key,"
            + " a comment or blank (indented continuation lines are not supported)");
      }
    }
    return new IniDocument(lines);
  }

  /** Applies one edit: set or delete. */
  public IniDocument apply(IniEdit edit) {
    return edit.value().isPresent() ? set(edit.section(), edit.key(), edit.value().get())
        : delete(edit.section(), edit.key());
  }

  /** Sets {@code key} in {@code section} ({@code ""} or {@code "DEFAULT"}: the default section). */
  public IniDocument set(String section, String key, String value) {
    if (section.equals(DEFAULT) && (blocks(DEFAULT).size() == 1 || hasOption(blocks(DEFAULT).get(0)))) {
      lines.add(0, "[" + DEFAULT + "]");
    }
    List<Integer> matches = optionLines(section, key);
    if (!matches.isEmpty()) {
      int index = matches.get(matches.size() - 1);
      lines.set(index, replaceValue(lines.get(index), value));
      return written();
    }
    String line = key + " = " + value;
    List<int[]> blocks = blocks(section);
    if (blocks.isEmpty()) {
      if (!lines.isEmpty()) {
        lines.add("");
      }
      lines.add("[" + section + "]");
      lines.add(line);
      return written();
    }
    int[] last = blocks.get(blocks.size() - 1);
    int insertAt = last[0];
    for (int i = last[0]; i < last[1]; i++) {
      if (isOption(lines.get(i))) {
        insertAt = i + 1;
      }
    }
    lines.add(insertAt, line);
    return written();
  }

  /** Removes every {@code key} of {@code section}; nothing happens when there is none. */
  public IniDocument delete(String section, String key) {
    List<Integer> matches = optionLines(section, key);
    for (int i = matches.size() - 1; i >= 0; i--) {
      lines.remove((int) matches.get(i));
    }
    return written();
  }

  /**
   * The document as crudini sees it after writing it and reading it back: the text ends in a newline, so the line
   * model ends with an empty element. The next edit (a new section's blank line, say) depends on that.
   */
  private IniDocument written() {
    if (!lines.isEmpty() && !lines.get(lines.size() - 1).isEmpty()) {
      lines.add("");
    }
    return this;
  }

  /** The value of {@code key} in {@code section}, without a trailing {@code ;} comment. */
  public Optional<String> get(String section, String key) {
    List<Integer> matches = optionLines(section, key);
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    Matcher option = OPTION.matcher(lines.get(matches.get(matches.size() - 1)));
    if (!option.matches()) {
      return Optional.of("");
    }
    return Optional.of(INLINE_COMMENT.matcher(option.group(3)).replaceFirst("").strip());
  }

  /** The text, ending in a newline. */
  public String render() {
    String text = String.join("\n", lines);
    return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
  }

  @Override
  public String toString() {
    return render();
  }

  private enum Kind { HEADER, OPTION, COMMENT, BLANK, INVALID }

  private static Kind kind(String line) {
    if (line.isBlank()) {
      return Kind.BLANK;
    }
    if (line.startsWith("#") || line.startsWith(";")) {
      return Kind.COMMENT;
    }
    if (HEADER.matcher(line).matches()) {
      return Kind.HEADER;
    }
    if (OPTION.matcher(line).matches() || BARE_KEY.matcher(line).matches()) {
      return Kind.OPTION;
    }
    return Kind.INVALID;
  }

  private static boolean isOption(String line) {
    return kind(line) == Kind.OPTION;
  }

  private static String optionName(String line) {
    Matcher option = OPTION.matcher(line);
    return (option.matches() ? option.group(1) : line).strip();
  }

  private static String replaceValue(String line, String value) {
    Matcher option = OPTION.matcher(line);
    if (!option.matches()) {
      return line.strip() + " = " + value; // a bare key gets the standard form
    }
    String text = option.group(1) + option.group(2) + value;
    Matcher comment = INLINE_COMMENT.matcher(option.group(3));
    if (!comment.find()) {
      return text;
    }
    // The comment stays at its old column, at least one space after the new value (as iniparse writes it).
    int column = option.start(3) + comment.start(1);
    return Strings.padEnd(text + " ", column, ' ') + comment.group(1);
  }

  /** Indexes of the option lines named {@code key} in every block of {@code section}. */
  private List<Integer> optionLines(String section, String key) {
    List<Integer> matches = new ArrayList<>();
    String wanted = key.toLowerCase(Locale.ROOT);
    for (int[] block : blocks(section)) {
      for (int i = block[0]; i < block[1]; i++) {
        if (isOption(lines.get(i)) && optionName(lines.get(i)).toLowerCase(Locale.ROOT).equals(wanted)) {
          matches.add(i);
        }
      }
    }
    return matches;
  }

  /**
   * The bodies of {@code section} as [start, end) ranges, in file order. The default section always has the part
   * before the first header as its first block (possibly empty), then every {@code [DEFAULT]} block.
   */
  private List<int[]> blocks(String section) {
    boolean isDefault = section.isEmpty() || section.equals(DEFAULT);
    String name = isDefault ? DEFAULT : section;
    List<int[]> blocks = new ArrayList<>();
    int firstHeader = 0;
    while (firstHeader < lines.size() && kind(lines.get(firstHeader)) != Kind.HEADER) {
      firstHeader++;
    }
    if (isDefault) {
      blocks.add(new int[] {0, firstHeader});
    }
    for (int i = firstHeader; i < lines.size(); i++) {
      if (kind(lines.get(i)) == Kind.HEADER && sectionName(lines.get(i)).equals(name)) {
        int end = i + 1;
        while (end < lines.size() && kind(lines.get(end)) != Kind.HEADER) {
          end++;
        }
        blocks.add(new int[] {i + 1, end});
      }
    }
    return blocks;
  }

  private boolean hasOption(int[] block) {
    for (int i = block[0]; i < block[1]; i++) {
      if (isOption(lines.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static String sectionName(String header) {
    Matcher matcher = HEADER.matcher(header);
    if (!matcher.matches()) {
      throw new IllegalStateException("not a header: " + header);
    }
    return matcher.group(1);
  }
}
