/**
 * Line breaking for terminal output: values wrap at spaces first, then after `:` or `/` (ARNs,
 * paths), then after `-`, `.`, `_`, `,`, `=` or `|`; never inside a run of letters and digits,
 * never inside a `${Name}` placeholder. A piece that still does not fit stays whole on its line.
 */

/** The characters a value may break after, from the most to the least preferred. */
const BREAKS = [' ', ':/', '-._,=|'];

/**
 * `text` as lines of at most `width` characters; lines after the first are indented by
 * `hang` spaces (counted in `width`).
 */
export function wrapText(text: string, width: number, hang = 2): string[] {
  if (text.length <= width) {
    return [text];
  }
  const lines: string[] = [];
  let line = '';
  const room = () => (lines.length === 0 ? width : width - hang);
  for (const piece of pieces(text, width - hang)) {
    if (line !== '' && (line + piece).trimEnd().length > room()) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      line += piece;
    }
  }
  if (line.trim() !== '') {
    lines.push(line.trimEnd());
  }
  return lines.map((l, i) => (i === 0 ? l : ' '.repeat(hang) + l));
}

/** `text` cut after break characters, each piece as short as needed to fit `width`. */
function pieces(text: string, width: number, level = 0): string[] {
  if (text.length <= width || level >= BREAKS.length) {
    return [text];
  }
  return cutAfter(text, BREAKS[level]).flatMap((p) => pieces(p, width, level + 1));
}

/** `text` cut after each of `chars` outside a `${...}` placeholder (the pieces join to `text`). */
function cutAfter(text: string, chars: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
    } else if (text[i] === '}' && depth > 0) {
      depth--;
    } else if (depth === 0 && chars.includes(text[i])) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) {
    out.push(text.slice(start));
  }
  return out;
}

/**
 * A labelled field: the label padded to `labelWidth`, then each value on its own line(s),
 * wrapped to `width` with continuation lines indented under the value.
 */
export function field(indent: string, label: string, values: string[], width: number, labelWidth = 11): string[] {
  const lines: string[] = [];
  const lead = indent + ' '.repeat(labelWidth);
  values.forEach((value, i) => {
    const wrapped = wrapText(value, Math.max(20, width - lead.length));
    wrapped.forEach((w, j) => {
      const head = i === 0 && j === 0 ? indent + label.padEnd(labelWidth) : lead;
      lines.push(head + w);
    });
  });
  return lines;
}
