package dev.weir.engine;

import java.util.ArrayList;
import java.util.List;

/** Splits a SQL script into statements (aware of quotes and comments), keeping each one's position. */
final class Scripts {
    private Scripts() {}

    /** A statement of a script: its text and where it starts (1-based line and column). */
    static final class Stmt {
        final String text;
        final int offset;
        final int line;
        final int column;

        Stmt(String text, int offset, int line, int column) {
            this.text = text;
            this.offset = offset;
            this.line = line;
            this.column = column;
        }
    }

    static List<Stmt> split(String script) {
        List<Stmt> out = new ArrayList<>();
        int n = script.length();
        int start = 0;
        int i = 0;
        while (i <= n) {
            if (i == n || script.charAt(i) == ';') {
                add(out, script, start, i);
                start = i + 1;
                i++;
                continue;
            }
            char c = script.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i++;
                while (i < n) {
                    if (script.charAt(i) == c) {
                        if (i + 1 < n && script.charAt(i + 1) == c) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                i++;
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                while (i < n && script.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                i++;
            }
        }
        return out;
    }

    private static void add(List<Stmt> out, String script, int from, int to) {
        to = Math.min(to, script.length());
        // skip leading whitespace and comments so positions point at the first token
        int s = from;
        while (s < to) {
            if (Character.isWhitespace(script.charAt(s))) {
                s++;
            } else if (script.startsWith("--", s)) {
                while (s < to && script.charAt(s) != '\n') s++;
            } else if (script.startsWith("/*", s)) {
                int end = script.indexOf("*/", s + 2);
                s = end < 0 || end + 2 > to ? to : end + 2;
            } else {
                break;
            }
        }
        String text = script.substring(s, to).stripTrailing();
        if (text.isEmpty()) return;
        int line = 1;
        int col = 1;
        for (int k = 0; k < s; k++) {
            if (script.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        out.add(new Stmt(text, s, line, col));
    }
}
