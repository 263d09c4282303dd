// A drag handle that resizes a neighbouring pane; reports the final size when the drag ends.
import { useRef } from "react";

export function Resizer({
  direction,
  size,
  min,
  max,
  invert = false,
  onResize,
  onCommit,
  testId,
}: {
  /** "vertical": a vertical bar resizing width; "horizontal": a horizontal bar resizing height. */
  direction: "vertical" | "horizontal";
  size: number;
  min: number;
  max: () => number;
  /** The pane grows when the pointer moves left/up. */
  invert?: boolean;
  onResize: (size: number) => void;
  onCommit: (size: number) => void;
  testId?: string;
}) {
  const start = useRef<{ pos: number; size: number; last: number } | null>(null);
  const clamp = (n: number) => Math.round(Math.max(min, Math.min(max(), n)));
  return (
    <div
      className={`resizer resizer-${direction}`}
      data-testid={testId}
      role="separator"
      aria-orientation={direction}
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture?.(e.pointerId);
        start.current = { pos: direction === "vertical" ? e.clientX : e.clientY, size, last: size };
        document.body.classList.add(`resizing-${direction}`);
      }}
      onPointerMove={(e) => {
        const s = start.current;
        if (!s) return;
        const delta = (direction === "vertical" ? e.clientX : e.clientY) - s.pos;
        s.last = clamp(s.size + (invert ? -delta : delta));
        onResize(s.last);
      }}
      onPointerUp={(e) => {
        const s = start.current;
        start.current = null;
        e.currentTarget.releasePointerCapture?.(e.pointerId);
        document.body.classList.remove(`resizing-${direction}`);
        if (s && s.last !== s.size) onCommit(s.last);
      }}
      onDoubleClick={() => {
        const d = direction === "vertical" ? 260 : 300;
        onResize(d);
        onCommit(d);
      }}
    />
  );
}
