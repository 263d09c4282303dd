// The editor's dark theme; colours come from the CSS variables of styles/base.css.
import { EditorView } from "@codemirror/view";

export const editorTheme = EditorView.theme(
  {
    "&": {
      height: "100%",
      color: "var(--fg)",
      backgroundColor: "var(--editor-bg)",
      fontSize: "var(--editor-font-size)",
    },
    "&.cm-focused": { outline: "none" },
    ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.5" },
    ".cm-content": { caretColor: "var(--caret)", padding: "4px 0" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--caret)", borderLeftWidth: "2px" },
    // Drawn behind the text: the active line must stay translucent for a selection to show through.
    "& .cm-selectionLayer .cm-selectionBackground": { backgroundColor: "var(--selection-inactive)" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground": {
      backgroundColor: "var(--selection)",
    },
    ".cm-content ::selection": { backgroundColor: "transparent" },
    ".cm-gutters": {
      backgroundColor: "var(--editor-bg)",
      color: "var(--fg-faint)",
      border: "none",
      paddingRight: "6px",
    },
    ".cm-activeLine": { backgroundColor: "var(--active-line)" },
    ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--fg-muted)" },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: "var(--bracket-match)",
      outline: "1px solid var(--bracket-outline)",
    },
    "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "var(--bracket-bad)" },
    ".cm-selectionMatch": { backgroundColor: "var(--selection-match)" },
    ".cm-searchMatch": { backgroundColor: "var(--search-match)", outline: "1px solid var(--search-outline)" },
    ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "var(--search-current)" },
    ".cm-panels": { backgroundColor: "var(--panel-bg)", color: "var(--fg)" },
    ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
    ".cm-panel.cm-search": { padding: "6px 8px", fontFamily: "var(--font-ui)", fontSize: "12px" },
    ".cm-panel.cm-search input, .cm-panel.cm-search button": { fontSize: "12px" },
    ".cm-textfield": {
      backgroundColor: "var(--input-bg)",
      color: "var(--fg)",
      border: "1px solid var(--border-strong)",
      borderRadius: "3px",
    },
    ".cm-button": {
      backgroundImage: "none",
      backgroundColor: "var(--button-bg)",
      color: "var(--fg)",
      border: "1px solid var(--border-strong)",
      borderRadius: "3px",
    },
    ".cm-tooltip": { backgroundColor: "var(--panel-bg)", border: "1px solid var(--border-strong)" },
  },
  { dark: true },
);
