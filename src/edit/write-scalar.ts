import { CST, Document, Scalar } from "yaml";
import { stringifyString } from "yaml/util";

/** How a text value is written: `>-` folded, `|` literal, double or single quoted, or plain. */
export type TextStyle = Scalar.Type;

export interface ScalarPlace {
  /** The indentation of the value's continuation lines (a block scalar's content, a folded plain or quoted line). */
  indent: number;
  /** The column the value starts at, after `key: `. */
  column: number;
  /** Fold lines longer than this (0: never). */
  lineWidth: number;
  /** Inside a flow collection (`{ score: 7, commentary: "…" }`): no block scalar, no plain text with `,{}[]`. */
  inFlow: boolean;
}

const SCHEMA_DOCUMENT = new Document();

/**
 * The YAML source of a text value in a given style, as the `yaml` package writes it (folded at `lineWidth` like
 * the file around it, escaped, quoted where the style cannot hold the text: plain text with `: ` in it is quoted),
 * with line breaks as `\n`. A style the place cannot take (a block inside braces) falls back to quotes.
 */
export function scalarSource(value: string, style: TextStyle, place: ScalarPlace): string {
  const context = {
    actualString: true,
    doc: SCHEMA_DOCUMENT,
    implicitKey: false,
    indent: " ".repeat(place.indent),
    indentStep: "  ",
    indentAtStart: place.column,
    inFlow: place.inFlow,
    options: {
      blockQuote: true,
      commentString: (comment: string) => `#${comment}`,
      defaultKeyType: null,
      defaultStringType: Scalar.PLAIN,
      doubleQuotedAsJSON: false,
      doubleQuotedMinMultiLineLength: 40,
      // Inside braces nothing is folded: a flow mapping stays on its line.
      lineWidth: place.inFlow || place.lineWidth <= 0 ? 0 : place.lineWidth,
      minContentWidth: 40,
      singleQuote: null,
    },
  };
  return stringifyString({ value, type: style } as Scalar, context as never);
}

/**
 * Puts `source` (from scalarSource, `\n` line breaks) in the place of a scalar token, with the file's line break:
 * a flow scalar or a block scalar, whichever it is now, keeping the comment and line break that follow it. False
 * when the token's surroundings cannot take a block scalar (something after its line break on the same token).
 */
export function replaceScalar(target: CST.FlowScalar | CST.BlockScalar, source: string, eol: string): boolean {
  const text = source.replace(/\n/g, eol);
  if (text.startsWith("|") || text.startsWith(">")) {
    const lineEnd = text.indexOf(eol);
    const head = lineEnd < 0 ? text : text.slice(0, lineEnd);
    const body = lineEnd < 0 ? "" : `${text.slice(lineEnd + eol.length)}${eol}`;
    if (target.type === "block-scalar") {
      (target.props[0] as CST.SourceToken).source = head;
      target.source = body;
      return true;
    }
    // A flow scalar becomes a block: what followed it on its line (a comment) follows the header.
    const end = target.end ?? [];
    const newline = end.findIndex((t) => t.type === "newline");
    if (newline < 0 || newline !== end.length - 1) return false;
    const props: CST.Token[] = [{ type: "block-scalar-header", offset: target.offset, indent: target.indent, source: head }, ...end];
    const block = target as unknown as CST.BlockScalar & { end?: unknown };
    delete block.end;
    Object.assign(block, { type: "block-scalar", props, source: body });
    return true;
  }
  const type = text.startsWith('"') ? "double-quoted-scalar" : text.startsWith("'") ? "single-quoted-scalar" : "scalar";
  if (target.type === "block-scalar") {
    // A block's header line ends in its line break; the flow scalar ends in the same.
    const end = target.props.slice(1) as CST.SourceToken[];
    const flow = target as unknown as CST.FlowScalar & { props?: unknown };
    delete flow.props;
    Object.assign(flow, { type, source: text, end });
    return true;
  }
  target.type = type;
  target.source = text;
  return true;
}

/** The style a scalar token is written in. */
export function styleOf(target: CST.Token): TextStyle | undefined {
  switch (target.type) {
    case "block-scalar":
      return target.props[0]?.type === "block-scalar-header" && target.props[0].source.startsWith(">") ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
    case "double-quoted-scalar":
      return Scalar.QUOTE_DOUBLE;
    case "single-quoted-scalar":
      return Scalar.QUOTE_SINGLE;
    case "scalar":
      return Scalar.PLAIN;
    default:
      return undefined;
  }
}
