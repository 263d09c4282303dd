// Text with some characters marked (fuzzy-match positions).
export function Highlighted({ text, positions, offset }: { text: string; positions: number[]; offset: number }) {
  const marks = new Set(positions.map((p) => p - offset).filter((p) => p >= 0 && p < text.length));
  if (marks.size === 0) return <>{text}</>;
  const parts: { text: string; mark: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const mark = marks.has(i);
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text[i];
    else parts.push({ text: text[i] ?? "", mark });
  }
  return (
    <>
      {parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}
