// Evidence offsets from the API count Unicode code points (Python string indices);
// JavaScript strings count UTF-16 code units, where an emoji or any other astral
// character takes two. Convert before slicing, or every span after one is shifted.

/** utf16[i] = UTF-16 index of code point i; utf16[length in code points] = text.length. */
export function codePointIndex(text) {
  const utf16 = [];
  let unit = 0;
  for (const character of text) {
    utf16.push(unit);
    unit += character.length;
  }
  utf16.push(unit);
  return utf16;
}

/**
 * Cuts the text at every span boundary. Each piece lists the spans covering it, so
 * overlapping evidence (two metrics on one phrase) is kept apart from its neighbours.
 * spans: [{start, end, ...}] in code points; returns [{text, spans}] in order.
 */
export function segments(text, spans) {
  const utf16 = codePointIndex(text);
  const last = utf16.length - 1;
  const converted = [];
  for (const span of spans) {
    const start = Math.max(0, Math.min(span.start, last));
    const end = Math.max(0, Math.min(span.end, last));
    if (end > start) converted.push({ span, from: utf16[start], to: utf16[end] });
  }
  const cuts = new Set([0, text.length]);
  for (const { from, to } of converted) {
    cuts.add(from);
    cuts.add(to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const covering = converted.filter((c) => c.from <= from && c.to >= to).map((c) => c.span);
    pieces.push({ text: text.slice(from, to), spans: covering });
  }
  return pieces;
}
