/**
 * What a table's file name says, when it follows the convention of the published tables
 * (`published-tables/README.md`): `<programme>-<series><edition>.txt`, e.g. `iraq-ctm2021.txt` is Iraq's table in
 * the Clearing the Mines report published in 2021, and `guinea-bissau-ctm2023.txt` Guinea-Bissau's in 2023.
 */
export interface TableFileName {
  /** The programme part, looked up in a list of programme names: `iraq`, `bih`, `guinea-bissau`. */
  programmeKey: string;
  /** The report series as abbreviated in the name: `ctm`, `ccmr`, `lm`. */
  series: string;
  /** The year the report was published. */
  edition: number;
}

export function readTableFileName(path: string): TableFileName | undefined {
  const name = path.split(/[\\/]/).at(-1)!.replace(/\.[^.]*$/, "");
  const match = /^([a-z0-9]+(?:-[a-z0-9]+)*)-([a-z]+)(\d{4})$/.exec(name);
  return match ? { programmeKey: match[1]!, series: match[2]!, edition: Number(match[3]) } : undefined;
}

/** The file an assessment of `programme` is kept in: "Bosnia and Herzegovina" → `bosnia-and-herzegovina.yaml`, "Türkiye" → `turkiye.yaml`. */
export function programmeFileName(programme: string): string {
  const slug = programme
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug || "programme"}.yaml`;
}
