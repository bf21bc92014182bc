import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parseYaml, type SourceText } from "../parse/parse-yaml.js";

/** The programme part of a table's file name: `iraq`, `guinea-bissau`. */
const PROGRAMME_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Reads a list of programme names (`--names FILE`): a YAML mapping from the programme part of table file names
 * (`iraq-ctm2021.txt` → `iraq`) to the programme's name. Several parts may name one programme (`turkey` and
 * `turkiye` both name Türkiye, as the country was renamed in 2022). Every problem is reported at its key or value.
 */
export function readProgrammeNames(source: SourceText): { names?: Map<string, string>; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(source);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      diagnostics: [
        ...parsed.diagnostics,
        diagnostic(value === undefined ? "empty-file" : "wrong-type", "a list of programme names maps each file name's programme part to a name, one a line: 'bih: Bosnia and Herzegovina'", { file: source.file }),
      ],
    };
  }
  const diagnostics = [...parsed.diagnostics];
  const names = new Map<string, string>();
  for (const [key, name] of Object.entries(value)) {
    if (!PROGRAMME_KEY.test(key)) {
      diagnostics.push(
        diagnostic("invalid-value", `'${key}' is not the programme part of a file name: lower-case letters, digits and hyphens, as 'guinea-bissau' in guinea-bissau-ctm2023.txt`, {
          file: source.file,
          ...parsed.locate([key], "key"),
        }),
      );
    } else if (typeof name !== "string" || name.trim() === "") {
      diagnostics.push(diagnostic("wrong-type", `the programme '${key}' names must be text, e.g. '${key}: ${key.charAt(0).toUpperCase()}${key.slice(1)}'`, { file: source.file, ...parsed.locate([key]) }));
    } else {
      names.set(key, name.trim());
    }
  }
  return hasErrors(diagnostics) ? { diagnostics } : { names, diagnostics };
}
